using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelDsl.Cli;
using ModelDsl.Datasets;
using ModelDsl.Tests.Training;
using ModelDsl.Training;
using Xunit;
using static ModelDsl.Tests.Cli.CliTestSupport;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// The failures issue 10 found in the command line, each now one line naming the file or option, with exit 1 for
/// bad data and 2 for bad arguments: run folders that mixed two runs, damaged weights, leftovers of killed runs,
/// <c>--out ''</c>, <c>--data /dev/zero</c>, a gigantic single review, unreadable run files.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class CommandLineFailureTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public CommandLineFailureTests()
    {
        ReviewsPath = _directory.File("reviews.csv");
        File.WriteAllText(ReviewsPath, ReviewsCsv(40), new UTF8Encoding(false));
    }

    private string ReviewsPath { get; }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Evaluate_TheModelOfAnotherRun_ExitsOneNamingModelMdsl()
    {
        // Another run's archive copied in: its own checks pass, the run's manifest does not.
        string run = await Train("run", seed: 1);
        string other = await Train("other", seed: 2, limit: 30);
        File.Copy(Path.Combine(other, "model.mdsl"), Path.Combine(run, "model.mdsl"), overwrite: true);

        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", run);

        AssertOneLineFailure(evaluate, ModelCommandLine.ExitFailure, $"{Path.Combine(run, "model.mdsl")} does not match {Path.Combine(run, "manifest.json")}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Evaluate_AModelWithAFlippedBitOrTrailingBytes_ExitsOneNamingTheFile(bool trailingBytes)
    {
        string run = await Train("run", seed: 1);
        string weights = Path.Combine(run, "model.mdsl");
        byte[] bytes = File.ReadAllBytes(weights);
        if (trailingBytes)
        {
            bytes = bytes.Concat(new byte[] { 0, 0, 0, 0 }).ToArray();
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0x01;
        }

        File.WriteAllBytes(weights, bytes);

        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", run);

        AssertOneLineFailure(evaluate, ModelCommandLine.ExitFailure, $"{weights} does not match");
    }

    [Fact]
    public async Task Train_WritesAManifestLast_AndLeavesNoStagingFolderOrTemporaryFile()
    {
        string run = await Train("run", seed: 1);

        var manifest = RunFolder.Open(run).Manifest;
        Assert.Equal("CliModel", manifest.Model);
        Assert.Contains("embedding.weight [500, 8] float32", manifest.Layers);
        Assert.Equal(
            new[] { "best.ckpt", "curves.png", "history.csv", "history.json", "model.mdsl" },
            manifest.Files.Select(f => f.Name));
        Assert.Empty(Directory.GetDirectories(run));
        Assert.Equal(
            new[] { ".lock", "best.ckpt", "curves.png", "history.csv", "history.json", "manifest.json", "model.mdsl" },
            Directory.GetFiles(run).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Train_DeletesWhatAKilledTrainLeft()
    {
        string run = _directory.File("run");
        string staging = Path.Combine(run, ".staging-0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "best.ckpt"), "half a checkpoint");
        File.WriteAllText(Path.Combine(staging, ".lock"), string.Empty);
        string temporary = Path.Combine(run, $".best.ckpt.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, "torn");
        File.WriteAllText(Path.Combine(run, "test.json"), "{\"reviews\": 1}"); // from an older run with --test-split

        await Train("run", seed: 1);

        Assert.False(Directory.Exists(staging));
        Assert.False(File.Exists(temporary));
        Assert.False(File.Exists(Path.Combine(run, "test.json")));
    }

    [Fact]
    public async Task Evaluate_ARunFolderWithoutManifest_SaysToRetrain()
    {
        string run = await Train("run", seed: 1);
        File.Delete(Path.Combine(run, "manifest.json")); // as an older ModelDsl wrote it

        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", run);

        AssertOneLineFailure(evaluate, ModelCommandLine.ExitFailure, $"no trained model in {run}: manifest.json is missing there (written by an older ModelDsl");
        Assert.Contains("re-train", evaluate.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.mdsl")]
    public async Task EvaluateAndPredict_AnUnreadableRunFile_ExitOneNamingIt(string name)
    {
        string run = await Train("run", seed: 1);
        string path = Path.Combine(run, name);
        File.Delete(path);
        Directory.CreateDirectory(path); // a file that cannot be read as one (root can read any mode-000 file)

        var evaluate = await Run(CliModels.Binary, "evaluate", "--data", ReviewsPath, "--model", run);
        var predict = await Run(CliModels.Binary, "predict", "--model", run, "--text", "great");

        AssertOneLineFailure(evaluate, ModelCommandLine.ExitFailure, $"{path} cannot be read");
        AssertOneLineFailure(predict, ModelCommandLine.ExitFailure, $"{path} cannot be read");
    }

    [Theory]
    [InlineData("train --data {reviews} --out", "--out needs a folder name, got ''.")]
    [InlineData("train --data {reviews} --out \t", "--out needs a folder name")]
    [InlineData("train --data {reviews} --out {reviews}", "--out names a file, not a folder: {reviews}")]
    [InlineData("evaluate --data {reviews} --model {reviews}", "--model names a file, not a folder: {reviews}")]
    [InlineData("predict --text hi --model", "--model needs a folder name, got ''.")]
    public async Task FolderOptions_EmptyOrNamingAFile_ExitTwoNamingTheOption(string commandLine, string expected)
    {
        string[] args = commandLine.Replace("{reviews}", ReviewsPath, StringComparison.Ordinal).Split(' ');
        if (args[^1] == "--out" || args[^1] == "--model")
        {
            args = args.Append(string.Empty).ToArray(); // the empty argument of `--out ''`
        }

        var run = await Run(CliModels.Binary, args);

        AssertOneLineFailure(run, ModelCommandLine.ExitUsage, expected.Replace("{reviews}", ReviewsPath, StringComparison.Ordinal));
    }

    [UnixFact]
    public async Task Train_OnDevZero_ExitsOneNamingTheFileAndTheRecordLimit()
    {
        var run = await Run(CliModels.Binary, "train", "--data", "/dev/zero", "--out", _directory.File("never"));

        AssertOneLineFailure(run, ModelCommandLine.ExitFailure, "/dev/zero, line 1: the record that starts on this line is longer than 16,777,216 characters");
        Assert.False(File.Exists(_directory.File("never/manifest.json")));
    }

    [Fact]
    public async Task Train_OnAGzipHoldingOneGiganticReview_ExitsOneNamingFileLineAndLimit()
    {
        // A 4 Mi-character review (a few KB compressed) against a limit lowered to 1 Mi characters stands for the
        // 1.1 GB review that aborted the process.
        string path = _directory.File("huge.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write("review,sentiment\n\"fine\",1\n\""u8);
            byte[] chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 16));
            for (int i = 0; i < 64; i++)
            {
                gzip.Write(chunk);
            }

            gzip.Write("\",0\n"u8);
        }

        (int ExitCode, string Output, string Error) run;
        using (TextRecordLimit.LowerForTesting(1 << 20))
        {
            run = await Run(CliModels.Binary, "train", "--data", path, "--out", _directory.File("never"));
        }

        AssertOneLineFailure(run, ModelCommandLine.ExitFailure, $"{path}, line 3: the record that starts on this line is longer than 1,048,576 characters");
    }

    private async Task<string> Train(string name, int seed, int? limit = null)
    {
        string run = _directory.File(name);
        var args = new[] { "train", "--data", ReviewsPath, "--epochs", "1", "--batch-size", "8", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", run };
        if (limit is { } n)
        {
            args = args.Concat(new[] { "--limit", n.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        }

        var train = await Run(CliModels.Binary, args);
        Assert.True(train.ExitCode == 0, train.Error);
        return run;
    }

    private static void AssertOneLineFailure((int ExitCode, string Output, string Error) run, int exitCode, string expected)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, expected {exitCode}; error: {run.Error}");
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(Lines(run.Error));
        AssertNoStackTrace(run);
    }
}
