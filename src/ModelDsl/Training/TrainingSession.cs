using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// Keras's <c>compile</c>d state for one model: the loss, the metrics and the optimizer, which is created on first use
/// from the model's trainable parameters and then kept across <see cref="Fit(Tensor, Tensor, FitOptions?)"/> calls (like Keras's
/// <c>model.optimizer</c>), plus <see cref="Fit(Tensor, Tensor, FitOptions?)"/>, <see cref="Evaluate(Tensor, Tensor, int)"/>, <see cref="Predict(Tensor, int)"/> and saving.
/// Not thread-safe: use one session from one thread at a time.
/// </summary>
/// <remarks>
/// Every training and evaluation step runs inside its own <c>torch.NewDisposeScope()</c>, so memory stays flat however
/// many steps run. Loss and metric sums accumulate in place on two-or-so scalar tensors owned by the epoch and are read
/// back only when something looks at them (the progress bar a few times a second, the epoch's logs), not every step.
/// </remarks>
public sealed class TrainingSession : IDisposable
{
    private const string CheckpointMagic = "ModelDsl.TrainingCheckpoint";
    private const int CheckpointVersion = 2; // 1 plus the SHA-256 trailer of ChecksummedFile

    private const int UnsummedCheckpointVersion = 1;
    private const int ShuffleStream = 0;
    private const int DropoutStream = 1;

    private readonly Func<Tensor[], Tensor> _forward;
    private readonly Func<Tensor[], Tensor> _stepForward;
    private readonly LossFunction? _loss;
    private readonly LossFunction? _stepLoss;
    private readonly AccuracyMetric[] _metrics;
    private List<Parameter>? _parameters;
    private optim.Optimizer? _optimizer;
    private bool _disposed;

    /// <summary>Prepares training of <paramref name="model"/> with <paramref name="options"/>; nothing is allocated yet.</summary>
    /// <exception cref="ArgumentException">An option names an unknown loss, optimizer or metric, or a number is out of range.</exception>
    public TrainingSession(nn.Module<Tensor, Tensor> model, TrainingOptions options)
        : this(model, SingleInput(model), options)
    {
    }

    /// <summary>
    /// Prepares training of a model with several inputs: <paramref name="forward"/> maps one batch of every input,
    /// in the model's order, to the output (a generated graph model passes its <c>forward</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An option names an unknown loss, optimizer or metric, or a number is out of range.</exception>
    public TrainingSession(nn.Module model, Func<Tensor[], Tensor> forward, TrainingOptions options)
        : this(model, forward, logits: null, options)
    {
    }

    /// <summary>
    /// Prepares training that reads the loss from logits, as tf.keras does when a model's output comes from a sigmoid
    /// or softmax (its <c>binary_crossentropy</c> and <c>categorical_crossentropy</c> then use the logits the activation
    /// recorded): <paramref name="logits"/> returns the output before that final activation, and training and
    /// evaluation compute the crossentropy and accuracy from it with libtorch's fused, exact forms instead of clipping
    /// probabilities. <see cref="Predict(Tensor, int)"/> still returns <paramref name="forward"/>'s probabilities.
    /// <paramref name="logits"/> is not used when the loss is not a crossentropy or <see cref="TrainingOptions.FromLogits"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">An option names an unknown loss, optimizer or metric, or a number is out of range.</exception>
    public TrainingSession(nn.Module model, Func<Tensor[], Tensor> forward, Func<Tensor[], Tensor>? logits, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Model = model;
        _forward = forward;
        _stepForward = forward;
        Options = options;
        if (options.Loss is not null)
        {
            _loss = LossFunction.Create(options.Loss, options.FromLogits);
            _stepLoss = _loss;
            if (logits is not null && !options.FromLogits && _loss is not MeanSquaredErrorLoss)
            {
                _stepForward = logits;
                _stepLoss = LossFunction.Create(options.Loss, fromLogits: true);
            }

            _metrics = (options.Metrics ?? Array.Empty<string>()).Select(name => AccuracyMetric.ForLoss(_stepLoss, name)).ToArray();
        }
        else
        {
            _metrics = Array.Empty<AccuracyMetric>();
        }
    }

    /// <summary>Whether training and evaluation read the loss from the model's logits (see the constructor taking them).</summary>
    public bool ComputesLossFromLogits => !ReferenceEquals(_stepLoss, _loss);

    /// <summary>The model trained.</summary>
    public nn.Module Model { get; }

    /// <summary>The compile options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The loss, or <see langword="null"/> when <see cref="TrainingOptions.Loss"/> is not set.</summary>
    public LossFunction? Loss => _loss;

    /// <summary>The metrics logged besides the loss.</summary>
    public IReadOnlyList<AccuracyMetric> Metrics => _metrics;

    /// <summary>
    /// The optimizer over the model's trainable parameters, created on first access (its state tensors are kept out
    /// of any dispose scope the caller has open) and kept for the life of the session.
    /// </summary>
    public optim.Optimizer Optimizer
    {
        get
        {
            ThrowIfDisposed();
            return _optimizer ??= CreateOptimizer();
        }
    }

    /// <summary>
    /// Epochs finished by this session (the epoch index after the last one run), or the count stored in the checkpoint
    /// last loaded with <see cref="LoadCheckpoint"/>; pass it as <see cref="FitOptions.InitialEpoch"/> to resume.
    /// </summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>
    /// Keras's <c>fit</c>: trains for epochs <see cref="FitOptions.InitialEpoch"/> … <see cref="FitOptions.Epochs"/> − 1
    /// and returns one <see cref="EpochLog"/> per epoch run (<c>loss</c>, metrics, <c>val_</c> values, duration).
    /// The model is in training mode (dropout active) for the steps and in evaluation mode for validation; its mode
    /// is restored afterwards.
    /// </summary>
    /// <param name="x">Inputs <c>[N, …]</c>, int64 token ids or float32 features.</param>
    /// <param name="y">Targets <c>[N, …]</c>, float32 or int64.</param>
    /// <param name="options">Epochs, batch size, validation, shuffling, callbacks, seed; Keras's defaults when omitted.</param>
    /// <exception cref="InvalidOperationException">No loss is configured.</exception>
    /// <exception cref="ArgumentException">The data or the options are inconsistent; the message names the values.</exception>
    public History Fit(Tensor x, Tensor y, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        options ??= new FitOptions();
        if (options.MultiInputValidationData is not null)
        {
            throw new ArgumentException("MultiInputValidationData is for models with several inputs; use ValidationData.", nameof(options));
        }

        var validation = options.ValidationData is { } data ? (new[] { data.X }, data.Y) : ((Tensor[], Tensor)?)null;
        return FitCore(new[] { x }, y, options, validation, Names("x", 1), Names("ValidationData.X", 1));
    }

    /// <summary>
    /// <see cref="Fit(Tensor, Tensor, FitOptions?)"/> for a model with several inputs: <paramref name="inputs"/> holds
    /// one tensor per model input, in order, all with the same number of rows; the same rows of each form a batch.
    /// Separate validation data go in <see cref="FitOptions.MultiInputValidationData"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No loss is configured.</exception>
    /// <exception cref="ArgumentException">The data or the options are inconsistent; the message names the values.</exception>
    public History Fit(IReadOnlyList<Tensor> inputs, Tensor y, FitOptions? options = null)
    {
        var xs = CheckInputList(inputs, nameof(inputs));
        options ??= new FitOptions();
        if (options.ValidationData is not null)
        {
            throw new ArgumentException("ValidationData is for single-input models; use MultiInputValidationData.", nameof(options));
        }

        var validation = options.MultiInputValidationData is { } data
            ? (CheckInputList(data.Inputs, "MultiInputValidationData.Inputs"), data.Y)
            : ((Tensor[], Tensor)?)null;
        return FitCore(xs, y, options, validation, Names("inputs", xs.Length), Names("MultiInputValidationData.Inputs", xs.Length));
    }

    private History FitCore(Tensor[] x, Tensor y, FitOptions options, (Tensor[] X, Tensor Y)? validation, string[] xNames, string[] validationNames)
    {
        ThrowIfDisposed();
        var loss = RequireLoss();
        CheckFitOptions(options);
        CheckData(x, y, xNames, "y");

        var owned = new List<IDisposable>();
        var wasTraining = Model.training;
        try
        {
            var trainX = x;
            var trainY = y;
            Tensor[]? validationX = null;
            Tensor? validationY = null;
            if (validation is { } given)
            {
                if (given.X.Length != x.Length)
                {
                    throw new ArgumentException($"The validation data have {given.X.Length} inputs, the training data {x.Length}.", nameof(options));
                }

                CheckData(given.X, given.Y, validationNames, "validation targets");
                (validationX, validationY) = given;
            }
            else if (options.ValidationSplit > 0)
            {
                // Keras: the last fraction of the rows as given, before any shuffling.
                var n = y.shape[0];
                var splitAt = (long)Math.Floor(n * (1.0 - options.ValidationSplit));
                if (splitAt == 0 || splitAt == n)
                {
                    throw new ArgumentException(
                        $"Training data contains {n} samples, which is not sufficient to split it into a validation and "
                        + $"training set as specified by ValidationSplit = {TrainingOptions.Format(options.ValidationSplit)}. "
                        + "Either provide more data or a different ValidationSplit.", nameof(options));
                }

                trainX = x.Select(input => Own(owned, input.narrow(0, 0, splitAt))).ToArray();
                trainY = Own(owned, y.narrow(0, 0, splitAt));
                validationX = x.Select(input => Own(owned, input.narrow(0, splitAt, n - splitAt))).ToArray();
                validationY = Own(owned, y.narrow(0, splitAt, n - splitAt));
            }

            var optimizer = Optimizer;
            var samples = trainY.shape[0];
            var batchSize = options.BatchSize;
            var steps = (int)((samples + batchSize - 1) / batchSize);
            var history = new History();
            var context = new TrainingContext(this, options.Epochs, steps, history, options.InitialEpoch, batchSize, samples);
            var callbacks = Callbacks(options);
            // Without a seed of its own, a run after RandomSeed.Set takes the next seed of that sequence and repeats as
            // exactly as a seeded one; otherwise its order and dropout masks are fresh every call.
            var fixedSeed = options.Seed ?? RandomSeed.NextFitSeed();
            var seed = fixedSeed ?? Random.Shared.NextInt64();
            var generator = new Generator((ulong)DeriveSeed(seed, 0, ShuffleStream), CPU);
            owned.Add(generator);
            var totals = new Totals(_metrics);
            owned.Add(totals);

            foreach (var callback in callbacks)
            {
                callback.OnTrainBegin(context);
            }

            for (var epoch = options.InitialEpoch; epoch < options.Epochs && !context.StopTraining; epoch++)
            {
                if (fixedSeed is not null)
                {
                    // Dropout draws from torch's global generator: make its masks a function of (seed, epoch).
                    manual_seed(DeriveSeed(seed, epoch, DropoutStream));
                }

                foreach (var callback in callbacks)
                {
                    callback.OnEpochBegin(context, epoch);
                }

                var clock = Stopwatch.StartNew();
                Model.train();
                totals.Clear();
                Tensor? order = null;
                try
                {
                    if (options.Shuffle)
                    {
                        generator.manual_seed(DeriveSeed(seed, epoch, ShuffleStream));
                        order = randperm(samples, generator: generator);
                    }

                    for (var step = 0; step < steps; step++)
                    {
                        var start = (long)step * batchSize;
                        var count = Math.Min(batchSize, samples - start);
                        TrainStep(loss, optimizer, trainX, trainY, order, start, count, totals);
                        if (callbacks.Count > 0)
                        {
                            var batchLogs = totals.View();
                            foreach (var callback in callbacks)
                            {
                                callback.OnBatchEnd(context, step, batchLogs);
                            }
                        }

                        if (context.StopTraining)
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    order?.Dispose();
                }

                var logs = totals.Read();
                if (validationX is not null && validationY is not null)
                {
                    foreach (var (key, value) in EvaluateCore(loss, validationX, validationY, batchSize))
                    {
                        logs["val_" + key] = value;
                    }

                    Model.train();
                }

                clock.Stop();
                CompletedEpochs = epoch + 1;
                var epochLogs = new ReadOnlyDictionary<string, double>(logs);
                history.Add(new EpochLog(epoch + 1, epochLogs, clock.Elapsed));
                foreach (var callback in callbacks)
                {
                    callback.OnEpochEnd(context, epoch, epochLogs);
                }
            }

            foreach (var callback in callbacks)
            {
                callback.OnTrainEnd(context);
            }

            return history;
        }
        finally
        {
            Model.train(wasTraining);
            foreach (var disposable in owned)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>
    /// Keras's <c>evaluate</c>: the loss and metrics over <paramref name="x"/> and <paramref name="y"/> in evaluation
    /// mode (no dropout) without gradients, as batch-size-weighted means.
    /// </summary>
    /// <returns><c>loss</c> and each metric by name.</returns>
    /// <exception cref="InvalidOperationException">No loss is configured.</exception>
    /// <exception cref="ArgumentException">The data do not fit.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        return EvaluateChecked(new[] { x }, y, batchSize, Names("x", 1));
    }

    /// <summary><see cref="Evaluate(Tensor, Tensor, int)"/> for a model with several inputs, one tensor per input in order.</summary>
    /// <exception cref="InvalidOperationException">No loss is configured.</exception>
    /// <exception cref="ArgumentException">The data do not fit.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<Tensor> inputs, Tensor y, int batchSize = 32)
    {
        var xs = CheckInputList(inputs, nameof(inputs));
        return EvaluateChecked(xs, y, batchSize, Names("inputs", xs.Length));
    }

    private IReadOnlyDictionary<string, double> EvaluateChecked(Tensor[] x, Tensor y, int batchSize, string[] xNames)
    {
        ThrowIfDisposed();
        var loss = RequireLoss();
        CheckBatchSize(batchSize);
        CheckData(x, y, xNames, "y");
        return new ReadOnlyDictionary<string, double>(EvaluateCore(loss, x, y, batchSize));
    }

    /// <summary>
    /// Keras's <c>predict</c>: the model's outputs for every row of <paramref name="x"/>, run batch by batch in
    /// evaluation mode (no dropout) without gradients, concatenated along the first axis. The result is detached and
    /// belongs to the caller's dispose scope if one is open (like the result of any tensor operation), otherwise to nobody.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty or of an unsupported type.</exception>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        return PredictChecked(new[] { x }, batchSize, Names("x", 1));
    }

    /// <summary><see cref="Predict(Tensor, int)"/> for a model with several inputs, one tensor per input in order.</summary>
    /// <exception cref="ArgumentException">An input is empty or of an unsupported type, or their row counts differ.</exception>
    public Tensor Predict(IReadOnlyList<Tensor> inputs, int batchSize = 32)
    {
        var xs = CheckInputList(inputs, nameof(inputs));
        return PredictChecked(xs, batchSize, Names("inputs", xs.Length));
    }

    private Tensor PredictChecked(Tensor[] x, int batchSize, string[] xNames)
    {
        ThrowIfDisposed();
        CheckBatchSize(batchSize);
        CheckRows(x, xNames);
        var wasTraining = Model.training;
        Model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var samples = x[0].shape[0];
            var outputs = new List<Tensor>();
            for (long start = 0; start < samples; start += batchSize)
            {
                using var stepScope = NewDisposeScope();
                var output = _forward(Rows(x, start, Math.Min(batchSize, samples - start)));
                outputs.Add(output.detach().MoveToOuterDisposeScope());
            }

            var result = outputs.Count == 1 ? outputs[0] : cat(outputs, 0);
            return result.MoveToOuterDisposeScope();
        }
        finally
        {
            Model.train(wasTraining);
        }
    }

    /// <summary>
    /// Writes the model's parameters and buffers in TorchSharp's <c>Module.save</c> format (readable with
    /// <c>module.load(path)</c>), followed by a SHA-256 checksum that <see cref="LoadWeights(string)"/> verifies, atomically:
    /// a temporary file in the same directory, flushed, then renamed over <paramref name="path"/>. The directory is
    /// created when missing.
    /// </summary>
    public void SaveWeights(string path)
    {
        ThrowIfDisposed();
        ChecksummedFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            using (NewDisposeScope())
            {
                Model.save(writer);
            }

            writer.Flush();
        });
    }

    /// <summary>Loads weights written by <see cref="SaveWeights"/> (or TorchSharp's <c>Module.save</c>) into the model, in place.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The file holds a different set of tensors than the model.</exception>
    /// <exception cref="InvalidDataException">
    /// The file's checksum does not match its content, or bytes follow the tensors (a file without a checksum, from
    /// TorchSharp's <c>Module.save</c>, is read when nothing follows its tensors).
    /// </exception>
    public void LoadWeights(string path)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No weights file at '{path}'.", path);
        }

        LoadWeights(ChecksummedFile.Open(path, allowMissingTrailer: true));
    }

    /// <summary>As <see cref="LoadWeights(string)"/>, from a stream already open on the file at <paramref name="path"/>, which it disposes.</summary>
    internal void LoadWeights(Stream stream, string path)
    {
        ThrowIfDisposed();
        LoadWeights(ChecksummedFile.Open(stream, path, allowMissingTrailer: true));
    }

    private void LoadWeights(ChecksummedFile.Content content)
    {
        using (content)
        {
            using var reader = new BinaryReader(content.Stream, Encoding.UTF8, leaveOpen: true);
            using (NewDisposeScope())
            {
                Model.load(reader);
            }

            content.RequireFullyRead("weights");
        }
    }

    /// <summary>
    /// Writes a checkpoint to resume training from: the model's weights, the optimizer's state (moments, step counts,
    /// learning rate) and <see cref="CompletedEpochs"/>, atomically like <see cref="SaveWeights"/>.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        ThrowIfDisposed();
        var optimizer = StatefulOptimizer();
        ChecksummedFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(CheckpointMagic);
            writer.Write(CheckpointVersion);
            writer.Write(CompletedEpochs);
            writer.Write(OptimizerFactory.Canonical(Options.Optimizer));
            using (NewDisposeScope())
            {
                Model.save(writer);
                optimizer.save_state_dict(writer);
            }

            writer.Flush();
        });
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/>: weights, optimizer state and
    /// <see cref="CompletedEpochs"/>. Continue with <c>Fit(x, y, new FitOptions { Epochs = total, InitialEpoch =
    /// session.CompletedEpochs, Seed = sameSeed })</c> to get the run an uninterrupted <c>Fit</c> would have produced.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, or one written for another optimizer.</exception>
    public void LoadCheckpoint(string path)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No checkpoint file at '{path}'.", path);
        }

        var optimizer = StatefulOptimizer();
        using var content = ChecksummedFile.Open(path, allowMissingTrailer: true);
        using var reader = new BinaryReader(content.Stream, Encoding.UTF8, leaveOpen: true);
        string magic;
        try
        {
            magic = reader.ReadString();
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"'{path}' is not a ModelDsl training checkpoint.", ex);
        }

        if (magic != CheckpointMagic)
        {
            throw new InvalidDataException($"'{path}' is not a ModelDsl training checkpoint (weights-only files load with LoadWeights).");
        }

        var version = reader.ReadInt32();
        if (version is not (CheckpointVersion or UnsummedCheckpointVersion))
        {
            throw new InvalidDataException(
                $"'{path}' is a version {version} checkpoint; this library reads versions {UnsummedCheckpointVersion} and {CheckpointVersion}.");
        }

        if (version == CheckpointVersion && !content.HasChecksum)
        {
            throw new InvalidDataException($"'{path}' is corrupt: it does not end with its checksum (truncated, or bytes were appended after it).");
        }

        var epochs = reader.ReadInt32();
        var optimizerName = reader.ReadString();
        // Checkpoints record the canonical name, so "Adam" and "adam" are the same optimizer.
        if (optimizerName != OptimizerFactory.Canonical(Options.Optimizer))
        {
            throw new InvalidDataException(
                $"'{path}' was written with optimizer '{optimizerName}' but this model uses '{Options.Optimizer}'.");
        }

        using (NewDisposeScope())
        {
            Model.load(reader);
        }

        // Loading fills the existing state tensors in place; nothing it creates may be disposed by a scope.
        optimizer.load_state_dict(reader);
        content.RequireFullyRead("checkpoint");
        CompletedEpochs = epochs;
    }

    /// <summary>Disposes the optimizer and its state (not the model).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _optimizer?.Dispose();
        _optimizer = null;
    }

    private void TrainStep(LossFunction loss, optim.Optimizer optimizer, Tensor[] x, Tensor y, Tensor? order, long start, long count, Totals totals)
    {
        using var scope = NewDisposeScope();
        Tensor[] xb;
        Tensor yb;
        if (order is null)
        {
            xb = Rows(x, start, count);
            yb = y.narrow(0, start, count);
        }
        else
        {
            var rows = order.narrow(0, start, count);
            xb = Rows(x, rows);
            yb = y.index_select(0, rows);
        }

        optimizer.zero_grad();
        var output = _stepForward(xb);
        var batchLoss = loss.Compute(output, yb);
        batchLoss.backward();
        if (Options.ClipNorm is { } maxNorm)
        {
            nn.utils.clip_grad_norm_(_parameters!, maxNorm);
        }

        optimizer.step();
        totals.Add(batchLoss, output, yb, count);
    }

    private Dictionary<string, double> EvaluateCore(LossFunction loss, Tensor[] x, Tensor y, int batchSize)
    {
        using var totals = new Totals(_metrics);
        var wasTraining = Model.training;
        Model.eval();
        try
        {
            using var noGrad = no_grad();
            var samples = y.shape[0];
            for (long start = 0; start < samples; start += batchSize)
            {
                var count = Math.Min(batchSize, samples - start);
                using var scope = NewDisposeScope();
                var yb = y.narrow(0, start, count);
                var output = _stepForward(Rows(x, start, count));
                totals.Add(loss.Compute(output, yb), output, yb, count);
            }
        }
        finally
        {
            Model.train(wasTraining);
        }

        return totals.Read();
    }

    private optim.Optimizer CreateOptimizer()
    {
        // The optimizer's state (moments, accumulators) lives as long as the session. Build it in a scope of its own
        // and detach everything created there, so that a scope the caller has open cannot dispose it.
        using var scope = NewDisposeScope();
        _parameters = Model.parameters().Where(p => p.requires_grad).ToList();
        if (_parameters.Count == 0)
        {
            throw new InvalidOperationException($"{Model.GetType().Name} has no trainable parameters.");
        }

        var optimizer = OptimizerFactory.Create(Options, _parameters);
        scope.Detach(scope.DisposablesView.ToArray());
        return optimizer;
    }

    private OptimizerHelper StatefulOptimizer() =>
        Optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"The optimizer {Optimizer.GetType().Name} cannot save its state.");

    private LossFunction RequireLoss() =>
        _stepLoss ?? throw new InvalidOperationException(
            $"{Model.GetType().Name} has no loss to train or evaluate with: set Loss on [Model], "
            + $"e.g. [Model(Loss = \"binary_crossentropy\")] (allowed: {string.Join(", ", LossFunction.Names)}).");

    private List<Callback> Callbacks(FitOptions options)
    {
        var callbacks = new List<Callback>();
        var given = options.Callbacks ?? Array.Empty<Callback>();
        if (options.Verbose != 0 && !given.Any(c => c is ProgressDisplay))
        {
            // Keras puts its progress logger first, so later callbacks print below the epoch's line.
            callbacks.Add(new ProgressDisplay(Console.Out, interactive: options.Verbose == 1 ? null : false));
        }

        foreach (var callback in given)
        {
            callbacks.Add(callback ?? throw new ArgumentException("Callbacks contains null.", nameof(options)));
        }

        return callbacks;
    }

    private static void CheckFitOptions(FitOptions options)
    {
        if (options.Epochs < 0)
        {
            throw new ArgumentException($"Epochs must be 0 or more, got {options.Epochs}.", nameof(options));
        }

        if (options.InitialEpoch < 0)
        {
            throw new ArgumentException($"InitialEpoch must be 0 or more, got {options.InitialEpoch}.", nameof(options));
        }

        CheckBatchSize(options.BatchSize);
        if (!(options.ValidationSplit >= 0 && options.ValidationSplit < 1))
        {
            throw new ArgumentException(
                $"ValidationSplit must be in [0, 1), got {TrainingOptions.Format(options.ValidationSplit)}.", nameof(options));
        }

        if (options.ValidationSplit > 0 && options.ValidationData is not null)
        {
            throw new ArgumentException(
                $"Give either ValidationSplit ({TrainingOptions.Format(options.ValidationSplit)}) or ValidationData, not both.", nameof(options));
        }

        if (options.Verbose is < 0 or > 2)
        {
            throw new ArgumentException($"Verbose must be 0, 1 or 2, got {options.Verbose}.", nameof(options));
        }
    }

    private static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentException($"The batch size must be positive, got {batchSize}.", nameof(batchSize));
        }
    }

    private static Func<Tensor[], Tensor> SingleInput(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return inputs => model.call(inputs[0]);
    }

    private static string[] Names(string name, int count) =>
        count == 1 ? new[] { name } : Enumerable.Range(0, count).Select(i => $"{name}[{i}]").ToArray();

    private static Tensor[] CheckInputList(IReadOnlyList<Tensor>? inputs, string name)
    {
        ArgumentNullException.ThrowIfNull(inputs, name);
        if (inputs.Count == 0)
        {
            throw new ArgumentException($"{name} must hold one tensor per model input, got none.", name);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i], $"{name}[{i}]");
        }

        return inputs.ToArray();
    }

    private static void CheckInputs(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Dimensions == 0 || x.shape[0] == 0)
        {
            throw new ArgumentException($"{name} must hold at least one example along its first axis, got shape {LossFunction.Shape(x)}.", name);
        }

        if (x.dtype is not (ScalarType.Int64 or ScalarType.Float32))
        {
            throw new ArgumentException($"{name} must be int64 (token ids) or float32 (features), got {x.dtype}.", name);
        }
    }

    /// <summary>Every input is usable and all have the first input's number of rows.</summary>
    private static void CheckRows(Tensor[] x, string[] names)
    {
        for (var i = 0; i < x.Length; i++)
        {
            CheckInputs(x[i], names[i]);
            if (x[i].shape[0] != x[0].shape[0])
            {
                throw new ArgumentException(
                    $"Every input must have the same number of examples: {names[0]} has shape {LossFunction.Shape(x[0])}, "
                    + $"{names[i]} has shape {LossFunction.Shape(x[i])}.", names[i]);
            }
        }
    }

    private static void CheckData(Tensor[] x, Tensor y, string[] xNames, string yName)
    {
        CheckRows(x, xNames);
        ArgumentNullException.ThrowIfNull(y, yName);
        if (y.dtype is not (ScalarType.Float32 or ScalarType.Int64))
        {
            throw new ArgumentException($"{yName} must be float32 or int64, got {y.dtype}.", yName);
        }

        if (y.Dimensions == 0 || y.shape[0] != x[0].shape[0])
        {
            throw new ArgumentException(
                $"{xNames[0]} and {yName} must have the same number of examples: {xNames[0]} has shape {LossFunction.Shape(x[0])}, "
                + $"{yName} has shape {LossFunction.Shape(y)}.", yName);
        }
    }

    private static Tensor[] Rows(Tensor[] x, long start, long count)
    {
        var rows = new Tensor[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            rows[i] = x[i].narrow(0, start, count);
        }

        return rows;
    }

    private static Tensor[] Rows(Tensor[] x, Tensor indices)
    {
        var rows = new Tensor[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            rows[i] = x[i].index_select(0, indices);
        }

        return rows;
    }

    private static Tensor Own(List<IDisposable> owned, Tensor tensor)
    {
        owned.Add(tensor);
        return tensor;
    }

    /// <summary>A seed for one epoch and purpose that depends only on the run's seed and the epoch index.</summary>
    private static long DeriveSeed(long seed, int epoch, int stream) => SeedDerivation.Derive(seed, (2L * epoch) + stream);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>
    /// Sums behind Keras's running means (loss weighted by batch size, metrics by scored positions), kept on scalar
    /// tensors and added to in place, so a step does not wait to read a number back; <see cref="Read"/> reads them.
    /// </summary>
    private sealed class Totals : IDisposable
    {
        private readonly AccuracyMetric[] _metrics;
        private readonly Tensor _lossSum;
        private readonly Tensor[] _correct;
        private readonly long[] _counts;
        private long _lossWeight;

        public Totals(AccuracyMetric[] metrics)
        {
            _metrics = metrics;
            _counts = new long[metrics.Length];
            // Disposed by Dispose, like the shuffle order; a scope the caller may have open would only dispose them again.
            _lossSum = zeros(1, ScalarType.Float64);
            _correct = metrics.Select(_ => zeros(1, ScalarType.Float64)).ToArray();
        }

        public void Clear()
        {
            using var scope = NewDisposeScope(); // In-place ops hand back a new handle to the same tensor; let it go.
            _lossSum.zero_();
            foreach (var correct in _correct)
            {
                correct.zero_();
            }

            _lossWeight = 0;
            Array.Clear(_counts);
        }

        /// <summary>Adds one batch; call inside the step's dispose scope (temporaries are left to it).</summary>
        public void Add(Tensor batchLoss, Tensor output, Tensor target, long batchSize)
        {
            using var noGrad = no_grad();
            _lossSum.add_(batchLoss.detach(), alpha: batchSize);
            _lossWeight += batchSize;
            if (_metrics.Length == 0)
            {
                return;
            }

            var detached = output.detach();
            for (var i = 0; i < _metrics.Length; i++)
            {
                var (correct, count) = _metrics[i].CountCorrect(detached, target);
                _correct[i].add_(correct);
                _counts[i] += count;
            }
        }

        /// <summary>The running means by name (<c>loss</c>, then each metric).</summary>
        public Dictionary<string, double> Read()
        {
            var logs = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["loss"] = _lossWeight == 0 ? double.NaN : _lossSum.item<double>() / _lossWeight,
            };
            for (var i = 0; i < _metrics.Length; i++)
            {
                logs[_metrics[i].Name] = _counts[i] == 0 ? double.NaN : _correct[i].item<double>() / _counts[i];
            }

            return logs;
        }

        /// <summary>The running means as a dictionary that reads the tensors only if a callback looks at it.</summary>
        public IReadOnlyDictionary<string, double> View() => new LazyLogs(this);

        public void Dispose()
        {
            _lossSum.Dispose();
            foreach (var correct in _correct)
            {
                correct.Dispose();
            }
        }

        private sealed class LazyLogs(Totals totals) : IReadOnlyDictionary<string, double>
        {
            private Dictionary<string, double>? _values;

            private Dictionary<string, double> Values => _values ??= totals.Read();

            public double this[string key] => Values[key];

            public IEnumerable<string> Keys => Values.Keys;

            IEnumerable<double> IReadOnlyDictionary<string, double>.Values => Values.Values;

            public int Count => 1 + totals._metrics.Length;

            public bool ContainsKey(string key) => Values.ContainsKey(key);

            public bool TryGetValue(string key, out double value) => Values.TryGetValue(key, out value);

            public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => Values.GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
