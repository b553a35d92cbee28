using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Saving;
using ModelDsl.Text;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace ModelDsl.Cli;

/// <summary><c>train</c>: the reviews split, the tokenizer fitted, the model fitted, the run folder written and reported.</summary>
internal sealed partial class TextClassification
{
    public int Train(TrainArguments arguments, CancellationToken cancellation)
    {
        RequireLoss("train");
        string outDirectory = CheckTrainArguments(arguments);
        // Without --data: the Stanford archive, downloaded once into the cache, read in the order of movie_data.csv.
        string dataPath = arguments.DataPath ?? DownloadReviews(cancellation);
        var (allTexts, allLabels) = LoadReviews(dataPath, arguments.Limit);
        int? testFileCount = null;
        if (arguments.TestDataPath is { } testDataPath)
        {
            // The test texts of their own file go after the others, where --test-split would have taken them from.
            var (testTexts, testLabels) = LoadReviews(testDataPath, arguments.Limit);
            allTexts = [.. allTexts, .. testTexts];
            allLabels = [.. allLabels, .. testLabels];
            testFileCount = testTexts.Length;
        }

        ReviewSplit reviews = SplitReviews(allTexts, allLabels, arguments, testFileCount);

        // Begun first so that an unusable --out fails before training rather than after it. The run is written into a
        // staging folder and replaces the previous one only at Commit, so a kill at any moment leaves one or the other.
        using RunFolderWriter run = RunFolderWriter.Begin(outDirectory, TextRunFiles.All);
        var (tokenizer, length) = FitTokenizer(reviews, arguments.MaxLength, out List<int[]> sequences);
        using Tensor x = Inputs(tokenizer, sequences, new TextPreprocessing(length));
        using Tensor y = Targets(reviews.Labels);

        // The initial weights come from torch's global generator: seed it so the same --seed gives the same run.
        RandomSeed.Set(arguments.Seed);
        using nn.Module<Tensor, Tensor> module = _model.Create();
        CheckOutput(module, "train", length);
        using var session = new TrainingSession(module, _model.TrainingOptions);
        TrainCallbacks callbacks = CreateCallbacks(run, arguments, cancellation);
        AnnounceTraining(dataPath, reviews, tokenizer, length, arguments);
        History history = Fit(session, x, y, arguments, callbacks.All);

        TextRunFiles.SaveTraining(run, module, _model, tokenizer, length, history);
        string? testReport = reviews.TestCount > 0 && !cancellation.IsCancellationRequested
            ? Test(session, tokenizer, reviews.TestTexts, reviews.TestLabels, length, run.PathOf(TextRunFiles.TestResultsFile), arguments)
            : null;
        run.Commit(_model.Name, RunManifest.LayersOf(module));

        ReportRun(outDirectory, history, length, callbacks.Monitor, callbacks.Stopping, cancellation.IsCancellationRequested);
        if (testReport is not null)
        {
            _output.WriteLine(testReport);
        }

        return cancellation.IsCancellationRequested ? ModelCommandLine.ExitInterrupted : ModelCommandLine.ExitSuccess;
    }

    /// <summary>The full path of <c>--out</c>, after the checks of <c>train</c>'s options that need no data.</summary>
    private string CheckTrainArguments(TrainArguments arguments)
    {
        string outDirectory = Path.GetFullPath(arguments.OutDirectory);
        if (outDirectory.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage, $"--out must not contain '{{' or '}}' (checkpoint paths read them as fields): {outDirectory}");
        }

        if (arguments.TestDataPath is not null && arguments.TestSplit > 0)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"give either --test-data (a file of test texts) or --test-split {Format(arguments.TestSplit)} (the end of --data), not both.");
        }

        if (_fixedLength is { } fixedLength && arguments.MaxLength is { } asked && asked != fixedLength)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"--max-length {Count(asked)} does not fit {_model.Name}, whose input is fixed at {Count(fixedLength)} ids per review "
                + "(leave --max-length out, or declare the input as [Input(Dimension.Unknown)]).");
        }

        return outDirectory;
    }

    /// <summary>
    /// Sets the test reviews aside (the last rows of the file, before anything is fitted on the data, or the last
    /// <paramref name="testFileCount"/> rows: those of --test-data) and checks the validation split.
    /// </summary>
    private static ReviewSplit SplitReviews(string[] allTexts, float[] allLabels, TrainArguments arguments, int? testFileCount)
    {
        if (testFileCount is { } fromFile && (fromFile == 0 || fromFile == allTexts.Length))
        {
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                fromFile == 0 ? $"--test-data {Path.GetFullPath(arguments.TestDataPath!)} holds no texts." : "--data holds no texts to train on.");
        }

        int testCount = testFileCount ?? (int)Math.Floor(allTexts.Length * arguments.TestSplit);
        if (arguments.TestSplit > 0 && (testCount == 0 || testCount == allTexts.Length))
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"--test-split {Format(arguments.TestSplit)} of {Count(allTexts.Length)} review(s) leaves "
                + $"{(testCount == 0 ? "none to test on" : "none to train on")}: use more reviews or another split.");
        }

        var reviews = new ReviewSplit(allTexts, allLabels, testCount, allTexts.Length - testCount);
        int count = reviews.Texts.Length;
        if (arguments.ValidationSplit > 0)
        {
            // Keras's split, as FitOptions.ValidationSplit takes it: the last rows of the file validate.
            int trainCount = (int)Math.Floor(count * (1.0 - arguments.ValidationSplit));
            if (trainCount == 0 || trainCount == count)
            {
                throw new CommandLineException(
                    ModelCommandLine.ExitUsage,
                    $"--validation-split {Format(arguments.ValidationSplit)} of {Count(count)} review(s) leaves "
                    + $"{(trainCount == 0 ? "none to train on" : "none to validate on")}: use more reviews or another split.");
            }

            reviews = reviews with { TrainCount = trainCount };
        }

        return reviews;
    }

    /// <summary>
    /// The tokenizer fitted on the training reviews, and the ids per review; <paramref name="sequences"/> are all the
    /// reviews but the test ones, tokenized once (the padding length may depend on the training reviews' own lengths).
    /// </summary>
    private (Tokenizer Tokenizer, int Length) FitTokenizer(ReviewSplit reviews, int? maxLength, out List<int[]> sequences)
    {
        var tokenizer = new Tokenizer(numWords: _vocabulary);
        tokenizer.FitOnTexts(new ArraySegment<string>(reviews.Texts, 0, reviews.TrainCount));
        sequences = tokenizer.TextsToSequences(reviews.Texts);
        return (tokenizer, _fixedLength ?? maxLength ?? LongestSequence(sequences, reviews.TrainCount));
    }

    /// <summary>The progress bar, the best-epoch checkpoint, early stopping with <c>--patience</c>, and Ctrl+C.</summary>
    private TrainCallbacks CreateCallbacks(RunFolderWriter run, TrainArguments arguments, CancellationToken cancellation)
    {
        string monitor = arguments.ValidationSplit > 0 ? "val_loss" : "loss";
        var checkpoint = new ModelCheckpoint(
            run.PathOf(TextRunFiles.BestCheckpointFile), monitor: monitor, saveBestOnly: true, saveWeightsOnly: false);
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
        return new TrainCallbacks(callbacks, monitor, stopping);
    }

    /// <summary>Says what is about to be trained on what: the reviews and their split, the tokenizer, the options.</summary>
    private void AnnounceTraining(string dataPath, ReviewSplit reviews, Tokenizer tokenizer, int length, TrainArguments arguments)
    {
        bool validate = arguments.ValidationSplit > 0;
        int testCount = reviews.TestCount;
        _output.WriteLine(
            $"{_model.Name}: {Count(arguments.TestDataPath is null ? reviews.AllTexts.Length : reviews.Texts.Length)} "
            + $"{(IsReutersR8(dataPath) ? "newswires" : "reviews")} from {Path.GetFullPath(dataPath)}: {Count(reviews.TrainCount)} to train"
            + (validate ? $", the {(testCount > 0 && arguments.TestDataPath is null ? "next" : "last")} {Count(reviews.Texts.Length - reviews.TrainCount)} to validate" : ", none held out to validate")
            + (arguments.TestDataPath is { } testDataPath
                ? $"; {Count(testCount)} from {Path.GetFullPath(testDataPath)} to test after training."
                : testCount > 0 ? $", the last {Count(testCount)} to test after training." : "."));
        _output.WriteLine(
            $"Tokenizer fitted on the training reviews: {Count(tokenizer.WordIndex.Count)} distinct words, "
            + $"the {Count(Math.Min(tokenizer.WordIndex.Count, _vocabulary - 1))} most frequent kept (num_words {Count(_vocabulary)}); "
            + (_tfidf
                ? $"each text a tf-idf row of {Count(length)} columns."
                : $"{Count(length)} ids per review{(_fixedLength is null && arguments.MaxLength is null ? " (the longest training review)" : "")}."));
        TrainingOptions options = _model.TrainingOptions;
        string metrics = options.Metrics is { Count: > 0 } m ? ", metrics " + string.Join(", ", m) : string.Empty;
        _output.WriteLine(
            $"Training {Count(arguments.Epochs)} epoch(s), batch size {Count(arguments.BatchSize)}, seed {arguments.Seed.ToString(CultureInfo.InvariantCulture)}: "
            + $"loss {options.Loss}, optimizer {options.Optimizer}{metrics}.");
    }

    private static History Fit(TrainingSession session, Tensor x, Tensor y, TrainArguments arguments, List<Callback> callbacks)
    {
        try
        {
            return session.Fit(x, y, new FitOptions
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

    /// <summary>Keras's <c>pad_sequences</c> without <c>maxlen</c>: the longest of the training reviews (at least 1).</summary>
    private static int LongestSequence(List<int[]> sequences, int trainCount) =>
        Math.Max(1, sequences.Take(trainCount).Max(sequence => sequence.Length));

    /// <summary>Evaluates the trained model on the held-out test reviews and writes test.json; returns the line to print.</summary>
    private string Test(TrainingSession session, Tokenizer tokenizer, string[] texts, float[] labels, int length, string resultsPath, TrainArguments arguments)
    {
        using Tensor x = Inputs(tokenizer, texts, new TextPreprocessing(length));
        using Tensor y = Targets(labels);
        IReadOnlyDictionary<string, double> results = session.Evaluate(x, y, arguments.BatchSize);
        TextRunFiles.WriteTestResults(resultsPath, texts.Length, results);
        string which = arguments.TestDataPath is { } testDataPath
            ? $"the {Count(texts.Length)} texts of {Path.GetFullPath(testDataPath)}"
            : $"the last {Count(texts.Length)} reviews";
        return $"Test on {which} (never used for training or validation): {FormatLogs(results)}";
    }

    private void ReportRun(string outDirectory, History history, int length, string monitor, EarlyStopping? stopping, bool interrupted)
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
        string checkpointPath = Path.Combine(outDirectory, TextRunFiles.BestCheckpointFile);
        string checkpointNote = best is not null && File.Exists(checkpointPath)
            ? $"the best epoch by {monitor} (epoch {Count(best.Epoch)}, {monitor}: {ProgressDisplay.FormatValue(best.Values[monitor])}), with the optimizer state"
            : "not written: no epoch had a finite " + monitor;

        var files = new List<(string Name, string What)>
        {
            (TextRunFiles.ModelFile, $"the model archive: {weightsNote}, the fitted tokenizer and {Count(length)} ids per review"),
            (TextRunFiles.BestCheckpointFile, checkpointNote),
            (RunManifest.FileName, "each file's size and SHA-256 and the model's layers, checked by evaluate and predict"),
        };
        if (history.Epochs.Count > 0)
        {
            files.Add((TextRunFiles.HistoryCsvFile, "loss and metrics per epoch"));
            files.Add((TextRunFiles.HistoryJsonFile, "the same, as Keras's history.history"));
            files.Add((TextRunFiles.CurvesFile, "learning curves"));
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

    /// <summary>
    /// The reviews of a <c>train</c> run: the last <see cref="TestCount"/> set aside to test on, and the others
    /// (<see cref="Texts"/>), of which the first <see cref="TrainCount"/> train and the rest validate.
    /// </summary>
    private sealed record ReviewSplit(string[] AllTexts, float[] AllLabels, int TestCount, int TrainCount)
    {
        public string[] Texts { get; } = AllTexts[..^TestCount];

        public float[] Labels { get; } = AllLabels[..^TestCount];

        public string[] TestTexts => AllTexts[^TestCount..];

        public float[] TestLabels => AllLabels[^TestCount..];
    }

    /// <summary><c>train</c>'s callbacks, and what they watch.</summary>
    private sealed record TrainCallbacks(List<Callback> All, string Monitor, EarlyStopping? Stopping);

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
