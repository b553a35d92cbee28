using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelDsl.Cli;
using ModelDsl.Tests.Training;
using ModelDsl.Training;
using Xunit;
using static ModelDsl.Tests.Cli.CliTestSupport;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// The command line every model gets (<see cref="ModelCommandLine.RunAsync"/>), driven through string writers on
/// small review files written here: help, training into a run folder, determinism, evaluate, predict, summary and
/// the one-line errors for bad arguments and bad data.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ModelCommandLineTests : IDisposable
{

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modeldsl-cli-" + Guid.NewGuid().ToString("N"));

    public ModelCommandLineTests()
    {
        Directory.CreateDirectory(_folder);
        ReviewsPath = Path.Combine(_folder, "reviews.csv");
        File.WriteAllText(ReviewsPath, ReviewsCsv(60), new UTF8Encoding(false));
    }

    private string ReviewsPath { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var run = await Run(CliModels.Binary, "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string command in new[] { "train", "evaluate", "predict", "summary" })
        {
            Assert.Contains(command, run.Output, StringComparison.Ordinal);
        }

        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task TrainHelp_ListsTheOptionsAndDefaults()
    {
        var run = await Run(CliModels.Binary, "train", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string option in new[] { "--data", "--epochs", "--batch-size", "--seed", "--out", "--validation-split", "--limit", "--patience" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains(Path.Combine(".", "runs", "CliModel"), run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WritesTheRunFolderAndReports()
    {
        string outDirectory = Path.Combine(_folder, "run");

        var run = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "2", "--batch-size", "8", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(string.Empty, run.Error);
        foreach (string file in new[] { "model.mdsl", "best.ckpt", "history.csv", "history.json", "curves.png" })
        {
            Assert.True(File.Exists(Path.Combine(outDirectory, file)), $"{file} missing; output:\n{run.Output}");
        }

        Assert.Contains("60 reviews", run.Output, StringComparison.Ordinal);
        Assert.Contains("48 to train, the last 12 to validate", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Saved the run in {outDirectory}", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"Final \(epoch 2\): loss: [0-9.]+ - accuracy: [0-9.]+ - val_loss: [0-9.]+ - val_accuracy: [0-9.]+", run.Output);
        Assert.DoesNotContain("\r", run.Output, StringComparison.Ordinal); // plain lines, not a redrawn bar, when not on a terminal

        History history = HistoryFiles.LoadJson(Path.Combine(outDirectory, "history.json"));
        Assert.Equal(2, history.Epochs.Count);
        Assert.All(history["val_loss"], value => Assert.True(double.IsFinite(value)));

        // The tokenizer was fitted on the 48 training reviews only.
        var tokenizer = ModelDsl.Saving.ModelArchive.Read(Path.Combine(outDirectory, "model.mdsl")).Tokenizer!;
        Assert.Equal(48, tokenizer.DocumentCount);
        Assert.Equal(500, tokenizer.NumWords);
    }

    [Fact]
    public async Task Train_SameSeedGivesTheSameLosses_AnotherSeedDoesNot()
    {
        string first = Path.Combine(_folder, "first");
        string second = Path.Combine(_folder, "second");
        string other = Path.Combine(_folder, "other");

        foreach (var (directory, seed) in new[] { (first, "7"), (second, "7"), (other, "8") })
        {
            var run = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "2", "--batch-size", "8", "--seed", seed, "--out", directory);
            Assert.True(run.ExitCode == 0, run.Error);
        }

        History a = HistoryFiles.LoadJson(Path.Combine(first, "history.json"));
        History b = HistoryFiles.LoadJson(Path.Combine(second, "history.json"));
        History c = HistoryFiles.LoadJson(Path.Combine(other, "history.json"));
        Assert.Equal(a["loss"], b["loss"]);
        Assert.Equal(a["val_loss"], b["val_loss"]);
        Assert.NotEqual(a["loss"], c["loss"]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "model.mdsl")), File.ReadAllBytes(Path.Combine(second, "model.mdsl")));
    }

    [Fact]
    public async Task EvaluateAndPredict_ReadTheRunFolder()
    {
        string outDirectory = Path.Combine(_folder, "run");
        var train = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "3", "--batch-size", "8", "--out", outDirectory);
        Assert.True(train.ExitCode == 0, train.Error);

        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", outDirectory, "--limit", "30");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("on 30 reviews", evaluate.Output, StringComparison.Ordinal);
        Assert.Matches(@"loss: [0-9.]+ - accuracy: [0-9.]+", evaluate.Output);

        var predict = await Run(CliModels.Binary, "predict", "--model", outDirectory, "--text", "a wonderful great movie", "an awful boring film");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] lines = Lines(predict.Output);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^[01]\.[0-9]{4}  (positive|negative)  ""a wonderful great movie""$", lines[0]);
        Assert.Matches(@"^[01]\.[0-9]{4}  (positive|negative)  ""an awful boring film""$", lines[1]);

        var repeated = await Run(CliModels.Binary, "predict", "--model", outDirectory, "--text", "a wonderful great movie", "--text", "an awful boring film");
        Assert.Equal(predict.Output, repeated.Output);

        var fromFile = await Run(CliModels.Binary, "predict", "--model", outDirectory, "--data", ReviewsPath, "--limit", "5");
        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.Equal(5, Lines(fromFile.Output).Length);
    }

    [Fact]
    public async Task Train_ThenThePredictorOfItsModelMdsl_GivesWhatPredictPrints()
    {
        string outDirectory = Path.Combine(_folder, "run");
        var train = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "2", "--batch-size", "8", "--out", outDirectory);
        Assert.True(train.ExitCode == 0, train.Error);
        string[] texts = { "a wonderful great movie", "an awful boring film" };

        var predict = await Run(CliModels.Binary, "predict", "--model", outDirectory, "--text", texts[0], texts[1]);
        using var predictor = CliModel.LoadPredictor(Path.Combine(outDirectory, "model.mdsl"));
        float[] probabilities = predictor.PredictPositive(texts);

        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] lines = Lines(predict.Output);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.StartsWith(probabilities[i].ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + "  ", lines[i], StringComparison.Ordinal);
        }

        Assert.Equal(20, predictor.Preprocessing!.MaxLength);
        Assert.Equal(48, predictor.Tokenizer.DocumentCount);
    }

    [Fact]
    public async Task ExportOnnx_WritesAFileThatOnnxRuntimeServesFromItsOwnMetadata_WithWhatPredictPrints()
    {
        string outDirectory = Path.Combine(_folder, "run");
        var train = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "2", "--batch-size", "8", "--out", outDirectory);
        Assert.True(train.ExitCode == 0, train.Error);
        string onnxPath = Path.Combine(_folder, "exported.onnx");
        string[] texts = { "a wonderful great movie", "an awful boring film", "great" };

        var export = await Run(CliModels.Binary, "export-onnx", "--model", outDirectory, "--out", onnxPath);
        var predict = await Run(CliModels.Binary, "predict", "--model", outDirectory, "--text", texts[0], texts[1], texts[2]);

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("exported.onnx", export.Output, StringComparison.Ordinal);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnxPath);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var tokenizer = ModelDsl.Text.Tokenizer.FromJson(metadata[ModelDsl.Onnx.OnnxMetadataKeys.Tokenizer]);
        var preprocessing = new ModelDsl.Saving.TextPreprocessing(
            int.Parse(metadata[ModelDsl.Onnx.OnnxMetadataKeys.MaxLength], CultureInfo.InvariantCulture),
            metadata[ModelDsl.Onnx.OnnxMetadataKeys.Padding],
            metadata[ModelDsl.Onnx.OnnxMetadataKeys.Truncating]);
        using var ids = preprocessing.Apply(tokenizer, texts).ToTensor();
        var (probabilities, shape) = ModelDsl.Tests.Onnx.OnnxParity.Run(session, new[] { ids });
        Assert.Equal(new long[] { 3, 1 }, shape);
        string[] lines = Lines(predict.Output);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.StartsWith(probabilities[i].ToString("0.0000", CultureInfo.InvariantCulture) + "  ", lines[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExportOnnx_WithoutATrainedRun_FailsNamingTheFolder()
    {
        string missing = Path.Combine(_folder, "never-trained");

        var export = await Run(CliModels.Binary, "export-onnx", "--model", missing);

        Assert.NotEqual(0, export.ExitCode);
        Assert.Contains("never-trained", export.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyLengthModel_PadsToMaxLength_AndEvaluateReusesIt()
    {
        string outDirectory = Path.Combine(_folder, "any");
        var train = await Run(CliModels.AnyLength, "train", "--data", ReviewsPath, "--epochs", "1", "--batch-size", "8", "--max-length", "7", "--out", outDirectory);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("7 ids per review.", train.Output, StringComparison.Ordinal);
        Assert.Equal(7, ModelDsl.Saving.ModelArchive.Read(Path.Combine(outDirectory, "model.mdsl")).Preprocessing!.MaxLength);

        var evaluate = await Run(CliModels.AnyLength, "evaluate", "--data", ReviewsPath, "--model", outDirectory);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        var predict = await Run(CliModels.AnyLength, "predict", "--model", outDirectory, "--text", "a wonderful great movie");
        Assert.True(predict.ExitCode == 0, predict.Error);

        // Without --max-length: Keras's pad_sequences default, the longest training review.
        var longest = await Run(CliModels.AnyLength, "train", "--data", ReviewsPath, "--epochs", "1", "--out", Path.Combine(_folder, "longest"));
        Assert.True(longest.ExitCode == 0, longest.Error);
        Assert.Matches(@"[0-9]+ ids per review \(the longest training review\)\.", longest.Output);
    }

    [Fact]
    public async Task MaxLength_OnAFixedLengthModel_MustMatchIt()
    {
        var run = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--max-length", "30", "--out", Path.Combine(_folder, "x"));

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains("--max-length 30 does not fit CliModel, whose input is fixed at 20 ids per review", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task TestSplit_HoldsOutTheLastReviews_AndReportsThemAfterTraining()
    {
        string outDirectory = Path.Combine(_folder, "test-split");
        var run = await Run(
            CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "2", "--batch-size", "8",
            "--test-split", "0.25", "--validation-split", "0.2", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);

        // 60 reviews: the last 15 test; of the 45 before them, 36 train and 9 validate.
        Assert.Contains("60 reviews from", run.Output, StringComparison.Ordinal);
        Assert.Contains("36 to train, the next 9 to validate, the last 15 to test after training.", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"Test on the last 15 reviews \(never used for training or validation\): loss: [0-9.]+ - accuracy: [0-9.]+", run.Output);
        string json = File.ReadAllText(Path.Combine(outDirectory, "test.json"));
        Assert.Contains("\"reviews\": 15", json, StringComparison.Ordinal);
        Assert.Contains("\"accuracy\": ", json, StringComparison.Ordinal);

        // The same numbers as evaluating the saved weights on those 15 reviews.
        string[] rows = File.ReadAllLines(ReviewsPath);
        string testPath = Path.Combine(_folder, "test-rows.csv");
        File.WriteAllLines(testPath, rows.Take(1).Concat(rows.Skip(1 + 45)));
        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", testPath, "--model", outDirectory);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        string loss = System.Text.RegularExpressions.Regex.Match(evaluate.Output, "loss: ([0-9.]+)").Groups[1].Value;
        Assert.Contains("loss: " + loss, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoClassModel_TrainsOnClassIdsAndPredictsClasses()
    {
        string outDirectory = Path.Combine(_folder, "two");
        var train = await Run(CliModels.TwoClass, "train", "--data", ReviewsPath, "--epochs", "1", "--batch-size", "8", "--out", outDirectory);
        Assert.True(train.ExitCode == 0, train.Error);

        var predict = await Run(CliModels.TwoClass, "predict", "--model", outDirectory, "--text", "great fun", "dull waste");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.All(Lines(predict.Output), line => Assert.Matches(@"^class [01]  [01]\.[0-9]{4}  "".*""$", line));
    }

    [Fact]
    public async Task Train_WithPatience_StopsEarlyOrRunsAllEpochs()
    {
        string outDirectory = Path.Combine(_folder, "patient");
        var run = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "3", "--batch-size", "8", "--patience", "0", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        int epochs = HistoryFiles.LoadJson(Path.Combine(outDirectory, "history.json")).Epochs.Count;
        Assert.InRange(epochs, 2, 3);
        Assert.Equal(epochs < 3, run.Output.Contains("Early stopping:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Train_WithoutValidation_WatchesTheTrainingLoss()
    {
        string outDirectory = Path.Combine(_folder, "all");
        var run = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "1", "--validation-split", "0", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("none held out to validate", run.Output, StringComparison.Ordinal);
        Assert.Contains("the best epoch by loss (epoch 1, loss: ", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDirectory, "best.ckpt")));
    }

    [Fact]
    public async Task Summary_PrintsTheModelTable()
    {
        var run = await Run(CliModels.Binary, "summary");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Model: \"CliModel\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("embedding (Embedding)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Total params: 4,585", run.Output, StringComparison.Ordinal); // 500*8 + LSTM 4*8*(8+8+2) + 8+1
    }

    [Fact]
    public async Task Summary_OfAModuleWithoutTheInterface_ListsItsSubmodules()
    {
        var run = await Run(CliModels.HandWritten, "summary");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Model: \"RecordingModel\"", run.Output, StringComparison.Ordinal);
        Assert.Contains("inner (TinyBinary)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Total params: 9", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratedRunAsync_RunsTheCommandLine()
    {
        Assert.True(typeof(ISummarizable).IsAssignableFrom(typeof(CliModel)));
        Assert.Equal(ModelCommandLine.ExitSuccess, await CliModel.RunAsync(new[] { "--help" }));
        Assert.Equal(ModelCommandLine.ExitUsage, await CliTwoClassModel.RunAsync(new[] { "train", "--epochs", "0" }));
    }

    [Theory]
    [InlineData("", "Required command was not provided")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("train --data", "--data")]
    [InlineData("train --data {missing}", "file not found")]
    [InlineData("train --data {folder}", "names a folder")]
    [InlineData("train --data {reviews} --epochs 0", "--epochs must be a positive whole number, got '0'.")]
    [InlineData("train --data {reviews} --epochs abc", "--epochs must be a positive whole number, got 'abc'.")]
    [InlineData("train --data {reviews} --batch-size -4", "--batch-size must be a positive whole number, got '-4'.")]
    [InlineData("train --data {reviews} --validation-split 1", "--validation-split must be a number in [0, 1), got '1'.")]
    [InlineData("train --data {reviews} --validation-split -0.5", "--validation-split must be a number in [0, 1), got '-0.5'.")]
    [InlineData("train --data {reviews} --limit 0", "--limit must be a positive whole number, got '0'.")]
    [InlineData("train --data {reviews} --patience -1", "--patience must be a whole number of epochs, 0 or more, got '-1'.")]
    [InlineData("train --data {reviews} --bogus 3", "Unrecognized command or argument '--bogus'.")]
    [InlineData("train --data {reviews} --seed x1", "--seed must be a whole number, got 'x1'.")]
    [InlineData("train --data {reviews} --epochs", "--epochs")]
    [InlineData("train --data {reviews} --max-length 0", "--max-length must be a whole number, 1 or more, got '0'.")]
    [InlineData("train --data {reviews} --test-split 1", "--test-split must be a number in [0, 1), got '1'.")]
    [InlineData("evaluate", "--data")]
    [InlineData("predict", "Give the texts to classify with --text")]
    [InlineData("predict --text hi --data {reviews}", "either --text or --data, not both")]
    public async Task BadArguments_ExitWithUsageErrorAndOneClearLine(string commandLine, string expected)
    {
        string[] args = commandLine
            .Replace("{missing}", Path.Combine(_folder, "missing.csv"), StringComparison.Ordinal)
            .Replace("{folder}", _folder, StringComparison.Ordinal)
            .Replace("{reviews}", ReviewsPath, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var run = await Run(CliModels.Binary, args);

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(Lines(run.Error));
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Train_TooFewReviewsForTheSplit_SaysSo()
    {
        string path = Path.Combine(_folder, "one.csv");
        File.WriteAllText(path, ReviewsCsv(1));

        var run = await Run(CliModels.Binary, "train", "--data", path, "--validation-split", "0.3", "--out", Path.Combine(_folder, "r"));

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains("--validation-split 0.3 of 1 review(s) leaves none to train on", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Theory]
    [InlineData("review,sentiment\n\"fine film\",1\n\"bad film\",maybe\n", "line 3: expected the sentiment 0 (negative) or 1 (positive), found 'maybe'")]
    [InlineData("text,label\n\"fine film\",1\n", "line 1: expected the header 'review,sentiment'")]
    [InlineData("review,sentiment\n\"fine film\",1\n\"never closed,0\n", "line 3: the quoted field that starts on this line has no closing quote")]
    [InlineData("review,sentiment\n", "holds no reviews")]
    public async Task CorruptData_ExitsWithFailureNamingFileAndLine(string csv, string expected)
    {
        string path = Path.Combine(_folder, "corrupt.csv");
        File.WriteAllText(path, csv);

        var run = await Run(CliModels.Binary, "train", "--data", path, "--out", Path.Combine(_folder, "never"));

        Assert.Equal(ModelCommandLine.ExitFailure, run.ExitCode);
        Assert.Contains(path, run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(Lines(run.Error));
        AssertNoStackTrace(run);
        Assert.False(File.Exists(Path.Combine(_folder, "never", "model.mdsl")));
    }

    [Fact]
    public async Task CorruptGzip_ExitsWithFailure()
    {
        string path = Path.Combine(_folder, "broken.csv.gz");
        File.WriteAllText(path, "review,sentiment\nthis is not gzip data,1\n");

        var run = await Run(CliModels.Binary, "train", "--data", path, "--out", Path.Combine(_folder, "never"));

        Assert.Equal(ModelCommandLine.ExitFailure, run.ExitCode);
        Assert.Contains(path, run.Error, StringComparison.Ordinal);
        Assert.Contains($"{path}, line 1: the gzip data is corrupt or truncated", run.Error, StringComparison.Ordinal);
        Assert.Single(Lines(run.Error));
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task EvaluateAndPredict_WithoutARun_SayWhatIsMissing()
    {
        string nowhere = Path.Combine(_folder, "nowhere");

        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", nowhere);
        var predict = await Run(CliModels.Binary, "predict", "--model", _folder, "--text", "hello");

        Assert.Equal(ModelCommandLine.ExitFailure, evaluate.ExitCode);
        Assert.Contains($"no trained model in {nowhere}: the folder does not exist", evaluate.Error, StringComparison.Ordinal);
        Assert.Equal(ModelCommandLine.ExitFailure, predict.ExitCode);
        Assert.Contains("manifest.json is missing there", predict.Error, StringComparison.Ordinal);
        AssertNoStackTrace(evaluate);
        AssertNoStackTrace(predict);
    }

    [Fact]
    public async Task CorruptRunFiles_AreNamed()
    {
        string outDirectory = Path.Combine(_folder, "run");
        var train = await Run(CliModels.Binary, "train", "--data", ReviewsPath, "--epochs", "1", "--out", outDirectory);
        Assert.True(train.ExitCode == 0, train.Error);

        // Weights of another model.
        var otherModel = await Run(CliModels.TwoClass, "predict", "--model", outDirectory, "--text", "great");
        Assert.Equal(ModelCommandLine.ExitFailure, otherModel.ExitCode);
        Assert.Contains("model.mdsl does not hold weights of CliTwoClassModel", otherModel.Error, StringComparison.Ordinal);
        AssertNoStackTrace(otherModel);

        // A changed archive no longer matches the manifest: refused before it is opened.
        string archivePath = Path.Combine(outDirectory, "model.mdsl");
        File.WriteAllText(archivePath, "not a zip");
        var badArchive = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", outDirectory);
        Assert.Equal(ModelCommandLine.ExitFailure, badArchive.ExitCode);
        Assert.Contains($"{archivePath} does not match {Path.Combine(outDirectory, "manifest.json")}", badArchive.Error, StringComparison.Ordinal);
        AssertNoStackTrace(badArchive);
    }

    [Fact]
    public async Task Train_OnAModelWithoutTokenIds_ExitsWithUsageError()
    {
        var run = await Run(CliModels.Sequence, "train", "--data", ReviewsPath);

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains(
            "'train' handles text-classification models, whose input is token ids ([batch, L] int64) read by an Embedding "
            + "or a tf-idf row ([batch, W] float32, W ≥ 2); CliSequenceModel takes [batch, 5, 4] float32 and has no Embedding.",
            run.Error,
            StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Description_WithTheWrongOutputUnits_IsReported()
    {
        var wrong = CliModels.Binary with { OutputUnits = 3 };

        var run = await Run(wrong, "train", "--data", ReviewsPath, "--out", Path.Combine(_folder, "wrong"));

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains("CliModel outputs [batch, 1] but its description says OutputUnits = 3", run.Error, StringComparison.Ordinal);
    }

    [DatasetFact("raschka_movie_data_small/movie_data_small.csv")]
    public async Task Train_OnRealReviews_Works()
    {
        string data = SharedDatasets.PathOf("raschka_movie_data_small/movie_data_small.csv");
        string outDirectory = Path.Combine(_folder, "real");

        var run = await Run(CliModels.Binary, "train", "--data", data, "--epochs", "1", "--limit", "80", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("80 reviews", run.Output, StringComparison.Ordinal);
        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", data, "--model", outDirectory);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
    }
}
