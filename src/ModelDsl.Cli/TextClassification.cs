using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ModelDsl.Datasets;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Runtime;
using ModelDsl.Text;
using ModelDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Cli;

/// <summary>The values of <c>train</c>'s options.</summary>
internal sealed record TrainArguments(
    string? DataPath, int Epochs, int BatchSize, long Seed, string OutDirectory, double ValidationSplit, int? Limit, int? Patience,
    int? MaxLength = null, double TestSplit = 0);

/// <summary>
/// <c>train</c>, <c>evaluate</c> and <c>predict</c> for a text-classification model: labelled texts become padded
/// token ids with a Keras tokenizer, labels become the targets the model's loss takes.
/// </summary>
internal sealed class TextClassification
{
    public const string WeightsFile = "weights.bin";
    public const string BestCheckpointFile = "best.ckpt";
    public const string TokenizerFile = "tokenizer.json";
    public const string HistoryCsvFile = "history.csv";
    public const string HistoryJsonFile = "history.json";
    public const string CurvesFile = "curves.png";
    public const string PreprocessingFile = "preprocessing.json";
    public const string TestResultsFile = "test.json";

    /// <summary>Every file a run folder of this command line may hold; a new run deletes those it does not write.</summary>
    private static readonly string[] RunFiles =
    {
        WeightsFile, BestCheckpointFile, TokenizerFile, HistoryCsvFile, HistoryJsonFile, CurvesFile, PreprocessingFile, TestResultsFile,
    };

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ModelDescription _model;
    private readonly TextWriter _output;
    private readonly bool _consoleOutput;
    private readonly int? _fixedLength;
    private readonly int _vocabulary;

    /// <exception cref="CommandLineException">The model does not take token ids of a fixed length from an Embedding.</exception>
    public TextClassification(ModelDescription model, TextWriter output, bool consoleOutput, string command)
    {
        _model = model;
        _output = output;
        _consoleOutput = consoleOutput;
        IReadOnlyList<long> dimensions = model.Input.Dimensions;
        bool tokenIds = model.Input.ElementType == ScalarType.Int64
            && dimensions.Count == 2 && (dimensions[1] == InputSignature.AnySize || dimensions[1] is > 0 and <= int.MaxValue);
        if (!tokenIds || model.VocabularySize is not { } vocabulary)
        {
            var has = new List<string> { $"takes {model.Input.Describe()}" };
            if (model.VocabularySize is null)
            {
                has.Add("has no Embedding");
            }

            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'{command}' handles text-classification models, whose input is token ids "
                + $"([batch, L] int64) read by an Embedding; {model.Name} {string.Join(" and ", has)}.");
        }

        _fixedLength = dimensions[1] > 0 ? (int)dimensions[1] : null;
        _vocabulary = vocabulary;
    }

    private bool Binary => _model.OutputUnits == 1;

    public int Train(TrainArguments arguments, CancellationToken cancellation)
    {
        RequireLoss("train");
        string outDirectory = Path.GetFullPath(arguments.OutDirectory);
        if (outDirectory.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage, $"--out must not contain '{{' or '}}' (checkpoint paths read them as fields): {outDirectory}");
        }

        if (_fixedLength is { } fixedLength && arguments.MaxLength is { } asked && asked != fixedLength)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"--max-length {Count(asked)} does not fit {_model.Name}, whose input is fixed at {Count(fixedLength)} ids per review "
                + "(leave --max-length out, or declare the input as [Input(Dimension.Unknown)]).");
        }

        // Without --data: the Stanford archive, downloaded once into the cache, read in the order of movie_data.csv.
        string dataPath = arguments.DataPath ?? DownloadReviews(cancellation);
        var (allTexts, allLabels) = LoadReviews(dataPath, arguments.Limit);
        int testCount = (int)Math.Floor(allTexts.Length * arguments.TestSplit);
        if (arguments.TestSplit > 0 && (testCount == 0 || testCount == allTexts.Length))
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"--test-split {Format(arguments.TestSplit)} of {Count(allTexts.Length)} review(s) leaves "
                + $"{(testCount == 0 ? "none to test on" : "none to train on")}: use more reviews or another split.");
        }

        // The test reviews are the last rows of the file, set aside before anything is fitted on the data.
        string[] texts = allTexts[..^testCount];
        float[] labels = allLabels[..^testCount];
        int count = texts.Length;
        int trainCount = count;
        if (arguments.ValidationSplit > 0)
        {
            // Keras's split, as FitOptions.ValidationSplit takes it: the last rows of the file validate.
            trainCount = (int)Math.Floor(count * (1.0 - arguments.ValidationSplit));
            if (trainCount == 0 || trainCount == count)
            {
                throw new CommandLineException(
                    ModelCommandLine.ExitUsage,
                    $"--validation-split {Format(arguments.ValidationSplit)} of {Count(count)} review(s) leaves "
                    + $"{(trainCount == 0 ? "none to train on" : "none to validate on")}: use more reviews or another split.");
            }
        }

        // Begun first so that an unusable --out fails before training rather than after it. The run is written into a
        // staging folder and replaces the previous one only at Commit, so a kill at any moment leaves one or the other.
        using RunFolderWriter run = RunFolderWriter.Begin(outDirectory, RunFiles);

        var tokenizer = new Tokenizer(numWords: _vocabulary);
        tokenizer.FitOnTexts(new ArraySegment<string>(texts, 0, trainCount));

        // Tokenized once: the padding length may depend on the training reviews' own lengths.
        List<int[]> sequences = tokenizer.TextsToSequences(texts);
        int length = _fixedLength ?? arguments.MaxLength ?? LongestSequence(sequences, trainCount);
        WritePreprocessing(run.PathOf(PreprocessingFile), length);

        using Tensor x = Sequences.PadSequences(sequences, maxLen: length).ToTensor();
        using Tensor y = Targets(labels);

        // The initial weights come from torch's global generator: seed it so the same --seed gives the same run.
        RandomSeed.Set(arguments.Seed);
        using nn.Module<Tensor, Tensor> module = _model.Create();
        CheckOutput(module, "train", length);
        using var session = new TrainingSession(module, _model.TrainingOptions);

        bool validate = arguments.ValidationSplit > 0;
        string monitor = validate ? "val_loss" : "loss";
        var checkpoint = new ModelCheckpoint(
            run.PathOf(BestCheckpointFile), monitor: monitor, saveBestOnly: true, saveWeightsOnly: false);
        EarlyStopping? stopping = arguments.Patience is { } patience
            ? new EarlyStopping(monitor: monitor, patience: patience, restoreBestWeights: true)
            : null;
        var callbacks = new List<Callback>
        {
            _consoleOutput ? new ProgressDisplay() : new ProgressDisplay(_output),
            checkpoint,
        };
        if (stopping is not null)
        {
            callbacks.Add(stopping);
        }

        callbacks.Add(new StopOnCancellation(cancellation));

        _output.WriteLine(
            $"{_model.Name}: {Count(allTexts.Length)} reviews from {Path.GetFullPath(dataPath)}: {Count(trainCount)} to train"
            + (validate ? $", the {(testCount > 0 ? "next" : "last")} {Count(count - trainCount)} to validate" : ", none held out to validate")
            + (testCount > 0 ? $", the last {Count(testCount)} to test after training." : "."));
        _output.WriteLine(
            $"Tokenizer fitted on the training reviews: {Count(tokenizer.WordIndex.Count)} distinct words, "
            + $"the {Count(Math.Min(tokenizer.WordIndex.Count, _vocabulary - 1))} most frequent kept (num_words {Count(_vocabulary)}); "
            + $"{Count(length)} ids per review{(_fixedLength is null && arguments.MaxLength is null ? " (the longest training review)" : "")}.");
        TrainingOptions options = _model.TrainingOptions;
        string metrics = options.Metrics is { Count: > 0 } m ? ", metrics " + string.Join(", ", m) : string.Empty;
        _output.WriteLine(
            $"Training {Count(arguments.Epochs)} epoch(s), batch size {Count(arguments.BatchSize)}, seed {arguments.Seed.ToString(CultureInfo.InvariantCulture)}: "
            + $"loss {options.Loss}, optimizer {options.Optimizer}{metrics}.");

        History history;
        try
        {
            history = session.Fit(x, y, new FitOptions
            {
                Epochs = arguments.Epochs,
                BatchSize = arguments.BatchSize,
                ValidationSplit = arguments.ValidationSplit,
                Seed = arguments.Seed,
                Callbacks = callbacks,
                Verbose = 1,
            });
        }
        catch (ArgumentException ex)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"training failed: {ex.Message}", ex);
        }

        session.SaveWeights(run.PathOf(WeightsFile));
        SaveTokenizer(tokenizer, run.PathOf(TokenizerFile));
        if (history.Epochs.Count > 0)
        {
            HistoryFiles.SaveCsv(history, run.PathOf(HistoryCsvFile));
            HistoryFiles.SaveJson(history, run.PathOf(HistoryJsonFile));
            TrainingCurves.SavePng(history, run.PathOf(CurvesFile));
        }

        string? testReport = testCount > 0 && !cancellation.IsCancellationRequested
            ? Test(session, tokenizer, allTexts[^testCount..], allLabels[^testCount..], length, run.PathOf(TestResultsFile), arguments.BatchSize)
            : null;
        run.Commit(_model.Name, RunManifest.LayersOf(module));

        ReportRun(outDirectory, history, monitor, stopping, cancellation.IsCancellationRequested);
        if (testReport is not null)
        {
            _output.WriteLine(testReport);
        }

        return cancellation.IsCancellationRequested ? ModelCommandLine.ExitInterrupted : ModelCommandLine.ExitSuccess;
    }

    public int Evaluate(string dataPath, string runDirectory, int? limit)
    {
        RequireLoss("evaluate");
        RunFolder run = RunFolder.Open(runDirectory);
        Tokenizer tokenizer = LoadTokenizer(run);
        int length = RunLength(run);
        var (texts, labels) = LoadReviews(dataPath, limit);
        using Tensor x = Inputs(tokenizer, texts, length);
        using Tensor y = Targets(labels);
        using nn.Module<Tensor, Tensor> module = LoadModel(run, "evaluate", length, out TrainingSession session);
        using (session)
        {
            IReadOnlyDictionary<string, double> results;
            try
            {
                results = session.Evaluate(x, y);
            }
            catch (ArgumentException ex)
            {
                throw new CommandLineException(ModelCommandLine.ExitFailure, $"evaluation failed: {ex.Message}", ex);
            }

            _output.WriteLine($"{_model.Name} from {run.Directory} on {Count(texts.Length)} reviews of {Path.GetFullPath(dataPath)}:");
            _output.WriteLine(FormatLogs(results));
        }

        return ModelCommandLine.ExitSuccess;
    }

    public int Predict(string runDirectory, string[]? givenTexts, string? dataPath, int? limit)
    {
        RunFolder run = RunFolder.Open(runDirectory);
        Tokenizer tokenizer = LoadTokenizer(run);
        string[] texts = dataPath is not null
            ? LoadReviews(dataPath, limit).Texts
            : (givenTexts ?? Array.Empty<string>()).Take(limit ?? int.MaxValue).ToArray();
        int length = RunLength(run);
        using Tensor x = Inputs(tokenizer, texts, length);
        using nn.Module<Tensor, Tensor> module = LoadModel(run, "predict", length, out TrainingSession session);
        float[] values;
        using (session)
        using (NewDisposeScope())
        {
            Tensor outputs = session.Predict(x);
            if (_model.TrainingOptions.FromLogits)
            {
                outputs = Binary ? outputs.sigmoid() : outputs.softmax(-1);
            }

            values = outputs.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        }

        int units = _model.OutputUnits;
        for (int row = 0; row < texts.Length; row++)
        {
            string text = Snippet(texts[row]);
            if (Binary)
            {
                float p = values[row];
                _output.WriteLine($"{p.ToString("0.0000", CultureInfo.InvariantCulture)}  {(p >= 0.5f ? "positive" : "negative")}  {text}");
            }
            else
            {
                ReadOnlySpan<float> probabilities = values.AsSpan(row * units, units);
                int best = 0;
                for (int k = 1; k < units; k++)
                {
                    if (probabilities[k] > probabilities[best])
                    {
                        best = k;
                    }
                }

                _output.WriteLine(
                    $"class {best.ToString(CultureInfo.InvariantCulture)}  {probabilities[best].ToString("0.0000", CultureInfo.InvariantCulture)}  {text}");
            }
        }

        return ModelCommandLine.ExitSuccess;
    }

    private void RequireLoss(string command)
    {
        if (_model.TrainingOptions.Loss is null)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'{command}' needs a loss, and {_model.Name} has none: set Loss on [Model], e.g. [Model(Loss = \"binary_crossentropy\")] "
                + $"(allowed: {string.Join(", ", LossFunction.Names)}).");
        }
    }

    /// <summary>The aclImdb folder in the cache, downloaded and extracted the first time; Ctrl+C stops the download.</summary>
    private string DownloadReviews(CancellationToken cancellation)
    {
        AclImdbDownload download = AclImdbDownload.Current;
        try
        {
            return download.Resolve(_output, _consoleOutput && !Console.IsOutputRedirected, cancellation);
        }
        catch (OperationCanceledException ex) when (cancellation.IsCancellationRequested)
        {
            _output.WriteLine();
            throw new CommandLineException(
                ModelCommandLine.ExitInterrupted,
                $"interrupted while downloading {download.Url.AbsoluteUri}; nothing was placed in {download.Root} (run train again to retry).",
                ex);
        }
    }

    /// <summary>The reviews of a CSV file, or of an extracted aclImdb folder (all 50,000, in the row order of movie_data.csv).</summary>
    private static (string[] Texts, float[] Labels) LoadReviews(string path, int? limit)
    {
        (string[] Texts, float[] Labels) reviews;
        if (Directory.Exists(path))
        {
            var (texts, labels) = AclImdb.LoadAll(path, permutationSeed: 0);
            int count = Math.Min(texts.Length, limit ?? int.MaxValue);
            reviews = (texts[..count], labels[..count].Select(label => (float)label).ToArray());
        }
        else
        {
            reviews = MovieReviews.Load(path, limit);
        }

        if (reviews.Texts.Length == 0)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{Path.GetFullPath(path)} holds no reviews (only the header).");
        }

        return reviews;
    }

    /// <summary>Token ids <c>[N, L]</c> int64: Keras's <c>texts_to_sequences</c>, then <c>pad_sequences(maxlen=L)</c> (pre, pre).</summary>
    private static Tensor Inputs(Tokenizer tokenizer, string[] texts, int length) =>
        Sequences.PadSequences(tokenizer.TextsToSequences(texts), maxLen: length).ToTensor();

    /// <summary>Keras's <c>pad_sequences</c> without <c>maxlen</c>: the longest of the training reviews (at least 1).</summary>
    private static int LongestSequence(List<int[]> sequences, int trainCount) =>
        Math.Max(1, sequences.Take(trainCount).Max(sequence => sequence.Length));

    /// <summary>Evaluates the trained model on the held-out test reviews and writes test.json; returns the line to print.</summary>
    private string Test(TrainingSession session, Tokenizer tokenizer, string[] texts, float[] labels, int length, string resultsPath, int batchSize)
    {
        using Tensor x = Inputs(tokenizer, texts, length);
        using Tensor y = Targets(labels);
        IReadOnlyDictionary<string, double> results = session.Evaluate(x, y, batchSize);
        var json = new StringBuilder("{\n");
        json.Append("  \"reviews\": ").Append(texts.Length.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in results)
        {
            json.Append(",\n  \"").Append(name).Append("\": ").Append(Format(value));
        }

        json.Append("\n}\n");
        WriteText(resultsPath, json.ToString());
        return $"Test on the last {Count(texts.Length)} reviews (never used for training or validation): {FormatLogs(results)}";
    }

    private static void WritePreprocessing(string path, int length) =>
        WriteText(path, $"{{\n  \"max_length\": {length.ToString(CultureInfo.InvariantCulture)}\n}}\n");

    /// <summary>The ids per review a run was trained with: the model's fixed length, else what train wrote to preprocessing.json.</summary>
    private int RunLength(RunFolder run)
    {
        if (_fixedLength is { } fixedLength)
        {
            return fixedLength;
        }

        string path = Path.Combine(run.Directory, PreprocessingFile);
        string text = run.ReadVerifiedText(PreprocessingFile);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            int length = document.RootElement.GetProperty("max_length").GetInt32();
            if (length > 0)
            {
                return length;
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{path}: expected {{\"max_length\": N}} with N ≥ 1 ({ex.Message})", ex);
        }

        throw new CommandLineException(ModelCommandLine.ExitFailure, $"{path}: expected {{\"max_length\": N}} with N ≥ 1.");
    }

    /// <summary>
    /// Targets for the model's loss: float32 <c>[N, 1]</c> for one output unit; otherwise int64 class ids <c>[N]</c>
    /// for <c>sparse_categorical_crossentropy</c> and one-hot float32 <c>[N, units]</c> for the other losses.
    /// </summary>
    private Tensor Targets(float[] labels)
    {
        if (Binary)
        {
            return torch.tensor(labels, new long[] { labels.Length, 1 }, ScalarType.Float32);
        }

        long[] ids = labels.Select(l => (long)l).ToArray();
        if (LossFunction.Canonical(_model.TrainingOptions.Loss!) == SparseCategoricalCrossentropyLoss.KerasName)
        {
            return torch.tensor(ids, new long[] { ids.Length }, ScalarType.Int64);
        }

        using var scope = NewDisposeScope();
        return nn.functional.one_hot(torch.tensor(ids, new long[] { ids.Length }, ScalarType.Int64), _model.OutputUnits)
            .to(ScalarType.Float32)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Runs one all-padding text through the model to check it gives one output row of <c>OutputUnits</c> per text.</summary>
    private void CheckOutput(nn.Module<Tensor, Tensor> module, string command, int length)
    {
        long[] shape;
        bool training = module.training;
        module.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            shape = module.call(zeros(new long[] { 1, length }, ScalarType.Int64)).shape;
        }
        finally
        {
            module.train(training);
        }

        if (shape.Length != 2 || shape[1] != _model.OutputUnits)
        {
            string described = shape.Length == 2
                ? $"{_model.Name} outputs [batch, {shape[1]}] but its description says OutputUnits = {_model.OutputUnits}"
                : $"{_model.Name} outputs [{string.Join(", ", shape.Select((d, i) => i == 0 ? "batch" : d.ToString(CultureInfo.InvariantCulture)))}]";
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'{command}' handles text-classification models, one output row [batch, units] per text; {described}.");
        }
    }

    private nn.Module<Tensor, Tensor> LoadModel(RunFolder run, string command, int length, out TrainingSession session)
    {
        string weights = Path.Combine(run.Directory, WeightsFile);
        nn.Module<Tensor, Tensor> module = _model.Create();
        TrainingSession? created = null;
        try
        {
            if (run.Manifest.Mismatch(_model.Name, RunManifest.LayersOf(module)) is { } mismatch)
            {
                throw new CommandLineException(
                    ModelCommandLine.ExitFailure, $"{weights} does not hold weights of {_model.Name} (was it trained with another model?): {mismatch}.");
            }

            CheckOutput(module, command, length);
            created = new TrainingSession(module, _model.TrainingOptions);
            FileStream verified = run.OpenVerified(WeightsFile);
            try
            {
                created.LoadWeights(verified, weights);
            }
            catch (InvalidDataException)
            {
                throw; // a damaged file: the message names it
            }
            catch (Exception ex) when (ex is not (OutOfMemoryException or CommandLineException))
            {
                throw new CommandLineException(
                    ModelCommandLine.ExitFailure,
                    $"{weights} does not hold weights of {_model.Name} (was it trained with another model?): {ex.Message}",
                    ex);
            }

            session = created;
            return module;
        }
        catch
        {
            created?.Dispose();
            module.Dispose();
            throw;
        }
    }

    private Tokenizer LoadTokenizer(RunFolder run)
    {
        string path = Path.Combine(run.Directory, TokenizerFile);
        string json = run.ReadVerifiedText(TokenizerFile);
        Tokenizer tokenizer;
        try
        {
            tokenizer = Tokenizer.FromJson(json);
        }
        catch (InvalidDataException ex)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{path}: {ex.Message}", ex);
        }

        // Every id the tokenizer can produce must be a row of the Embedding.
        int highest = tokenizer.WordIndex.Count == 0 ? 0 : tokenizer.WordIndex.Values.Max();
        if (tokenizer.NumWords is > 0 and var numWords)
        {
            highest = Math.Min(highest, numWords - 1);
        }

        if (highest >= _vocabulary)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                $"{path} gives ids up to {Count(highest)} (num_words {(tokenizer.NumWords is { } n ? Count(n) : "not set")}), "
                + $"but {_model.Name}'s Embedding has {Count(_vocabulary)} rows (ids 0 to {Count(_vocabulary - 1)}).");
        }

        return tokenizer;
    }

    private static void SaveTokenizer(Tokenizer tokenizer, string path) => WriteText(path, tokenizer.ToJson());

    /// <summary>A run file as UTF-8 without a byte-order mark, written atomically.</summary>
    private static void WriteText(string path, string text)
    {
        byte[] bytes = Utf8NoBom.GetBytes(text);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private void ReportRun(string outDirectory, History history, string monitor, EarlyStopping? stopping, bool interrupted)
    {
        var best = history.Epochs
            .Where(e => e.Values.TryGetValue(monitor, out double v) && !double.IsNaN(v))
            .OrderBy(e => e.Values[monitor])
            .ThenBy(e => e.Epoch)
            .FirstOrDefault();
        EpochLog? last = history.Epochs.Count > 0 ? history.Epochs[^1] : null;

        if (interrupted)
        {
            _output.WriteLine(last is null
                ? "Interrupted before the first epoch ended."
                : $"Interrupted during epoch {Count(last.Epoch)}: the run below holds the model as it was then.");
        }

        if (stopping?.StoppedEpoch is { } stoppedAt)
        {
            _output.WriteLine(
                $"Early stopping: {monitor} did not improve for {Count(stopping.Patience)} epoch(s); stopped after epoch {Count(stoppedAt + 1)} "
                + $"and restored the weights of epoch {Count(stopping.BestEpoch + 1)}.");
        }

        string weightsNote = stopping is { RestoredBestWeights: true }
            ? $"weights of epoch {Count(stopping.BestEpoch + 1)}, the best by {monitor}"
            : last is null ? "initial weights (no epoch finished)" : $"weights after epoch {Count(last.Epoch)}";
        string checkpointPath = Path.Combine(outDirectory, BestCheckpointFile);
        string checkpointNote = best is not null && File.Exists(checkpointPath)
            ? $"the best epoch by {monitor} (epoch {Count(best.Epoch)}, {monitor}: {ProgressDisplay.FormatValue(best.Values[monitor])}), with the optimizer state"
            : "not written: no epoch had a finite " + monitor;

        var files = new List<(string Name, string What)>
        {
            (WeightsFile, weightsNote),
            (BestCheckpointFile, checkpointNote),
            (TokenizerFile, "the fitted tokenizer, Keras's to_json layout"),
            (RunManifest.FileName, "each file's size and SHA-256 and the model's layers, checked by evaluate and predict"),
        };
        if (history.Epochs.Count > 0)
        {
            files.Add((HistoryCsvFile, "loss and metrics per epoch"));
            files.Add((HistoryJsonFile, "the same, as Keras's history.history"));
            files.Add((CurvesFile, "learning curves"));
        }

        _output.WriteLine($"Saved the run in {outDirectory}:");
        int width = files.Max(f => f.Name.Length);
        foreach (var (name, what) in files)
        {
            _output.WriteLine($"  {name.PadRight(width)}  {what}");
        }

        if (last is not null)
        {
            _output.WriteLine($"Final (epoch {Count(last.Epoch)}): {FormatLogs(last.Values)}");
        }
    }

    private static string FormatLogs(IReadOnlyDictionary<string, double> logs) =>
        string.Join(" - ", logs.Select(e => $"{e.Key}: {ProgressDisplay.FormatValue(e.Value)}"));

    private static string Snippet(string text)
    {
        const int Width = 72;
        string flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return "\"" + (flat.Length <= Width ? flat : string.Concat(flat.AsSpan(0, Width - 3), "...")) + "\"";
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Stops training after the current step once <c>Ctrl+C</c> (or SIGTERM) cancels the command.</summary>
    private sealed class StopOnCancellation : Callback
    {
        private readonly CancellationToken _cancellation;

        public StopOnCancellation(CancellationToken cancellation) => _cancellation = cancellation;

        public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
        {
            if (_cancellation.IsCancellationRequested)
            {
                context.StopTraining = true;
            }
        }
    }
}
