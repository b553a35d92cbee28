using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Linq;
using ModelDsl.Layers;
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
public sealed partial class TrainingSession : IDisposable
{
    private readonly Func<Tensor[], Tensor> _forward;
    private readonly Func<Tensor[], Tensor> _stepForward;
    private readonly LossFunction? _loss;
    private readonly LossFunction? _stepLoss;

    // The layers that may carry weight regularizers; their penalties join the loss as Keras's model.losses do.
    private readonly IWeightPenalty[] _penalized;
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
        _penalized = WeightPenalties.LayersIn(model);
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
        return FitCore(new[] { x }, y, options, validation, FitArguments.Names("x", 1), FitArguments.Names("ValidationData.X", 1));
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
        var xs = FitArguments.CheckInputList(inputs, nameof(inputs));
        options ??= new FitOptions();
        if (options.ValidationData is not null)
        {
            throw new ArgumentException("ValidationData is for single-input models; use MultiInputValidationData.", nameof(options));
        }

        var validation = options.MultiInputValidationData is { } data
            ? (FitArguments.CheckInputList(data.Inputs, "MultiInputValidationData.Inputs"), data.Y)
            : ((Tensor[], Tensor)?)null;
        return FitCore(xs, y, options, validation, FitArguments.Names("inputs", xs.Length), FitArguments.Names("MultiInputValidationData.Inputs", xs.Length));
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

    private History FitCore(Tensor[] x, Tensor y, FitOptions options, (Tensor[] X, Tensor Y)? validation, string[] xNames, string[] validationNames)
    {
        ThrowIfDisposed();
        var loss = RequireLoss();
        FitArguments.CheckOptions(options);
        FitArguments.CheckData(x, y, xNames, "y");
        var wasTraining = Model.training;
        try
        {
            using var data = FitData.Create(x, y, options, validation, validationNames);
            var optimizer = Optimizer;
            var batches = new BatchPlan(data.TrainY.shape[0], options.BatchSize);
            var history = new History();
            var context = new TrainingContext(this, options.Epochs, batches.Steps, history, options.InitialEpoch, batches.BatchSize, batches.Samples);
            var callbacks = Callbacks(options);
            using var seeds = SeedStreams.ForFit(options.Seed);
            using var means = new RunningMeans(_metrics);
            foreach (var callback in callbacks)
            {
                callback.OnTrainBegin(context);
            }

            for (var epoch = options.InitialEpoch; epoch < options.Epochs && !context.StopTraining; epoch++)
            {
                seeds.SeedDropout(epoch);
                foreach (var callback in callbacks)
                {
                    callback.OnEpochBegin(context, epoch);
                }

                var clock = Stopwatch.StartNew();
                var logs = TrainEpoch(loss, optimizer, data, batches, options.Shuffle ? seeds : null, epoch, means, callbacks, context);
                if (data.ValidationX is not null && data.ValidationY is not null)
                {
                    foreach (var (key, value) in EvaluateCore(loss, data.ValidationX, data.ValidationY, batches.BatchSize))
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
        }
    }

    /// <summary>One epoch's steps in training mode, in <paramref name="shuffle"/>'s order when given; returns the epoch's running means.</summary>
    private Dictionary<string, double> TrainEpoch(
        LossFunction loss, optim.Optimizer optimizer, FitData data, BatchPlan batches, SeedStreams? shuffle, int epoch,
        RunningMeans means, List<Callback> callbacks, TrainingContext context)
    {
        Model.train();
        means.Clear();
        using (var order = shuffle?.ShuffleOrder(epoch, batches.Samples))
        {
            for (var step = 0; step < batches.Steps; step++)
            {
                var (start, count) = batches[step];
                TrainStep(loss, optimizer, data.TrainX, data.TrainY, order, start, count, means);
                if (callbacks.Count > 0)
                {
                    var batchLogs = means.View();
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

        return means.Read();
    }

    private void TrainStep(LossFunction loss, optim.Optimizer optimizer, Tensor[] x, Tensor y, Tensor? order, long start, long count, RunningMeans means)
    {
        using var scope = NewDisposeScope();
        Tensor[] xb;
        Tensor yb;
        if (order is null)
        {
            xb = BatchPlan.Rows(x, start, count);
            yb = y.narrow(0, start, count);
        }
        else
        {
            var rows = order.narrow(0, start, count);
            xb = BatchPlan.Rows(x, rows);
            yb = y.index_select(0, rows);
        }

        optimizer.zero_grad();
        var output = _stepForward(xb);
        var batchLoss = WithPenalties(loss.Compute(output, yb));
        batchLoss.backward();
        if (Options.ClipNorm is { } maxNorm)
        {
            nn.utils.clip_grad_norm_(_parameters!, maxNorm);
        }

        optimizer.step();
        means.Add(batchLoss, output, yb, count);
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

    /// <summary>
    /// <paramref name="loss"/> plus every layer's regularizer penalty, as Keras adds <c>model.losses</c> to the loss it
    /// trains on and reports (in <c>fit</c> and <c>evaluate</c>); the loss itself without regularizers.
    /// </summary>
    private Tensor WithPenalties(Tensor loss) => WeightPenalties.Total(_penalized) is { } penalty ? loss.add(penalty) : loss;

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

    private static Func<Tensor[], Tensor> SingleInput(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return inputs => model.call(inputs[0]);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
