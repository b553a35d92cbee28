using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelDsl.Cli;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Tests.Training;
using Xunit;
using static ModelDsl.Tests.Cli.CliTestSupport;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// The command line on R8-format files (<c>topic&lt;TAB&gt;text</c>, eight topics): a tf-idf model and a token-id
/// model trained with <c>--test-data</c>, then evaluated and used, and the errors for mixed-up options and labels.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class TopicCommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modeldsl-topics-" + Guid.NewGuid().ToString("N"));

    public TopicCommandLineTests()
    {
        Directory.CreateDirectory(_folder);
        TrainPath = Path.Combine(_folder, "r8-train.txt");
        TestPath = Path.Combine(_folder, "r8-test.txt");
        File.WriteAllText(TrainPath, TopicsFile(96, seed: 1), new UTF8Encoding(false));
        File.WriteAllText(TestPath, TopicsFile(24, seed: 2), new UTF8Encoding(false));
    }

    private string TrainPath { get; }

    private string TestPath { get; }

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
    public async Task Train_ATfidfModelOnR8Files_ReadsTfidfRowsAndTestsOnTheTestFile()
    {
        string outDirectory = Path.Combine(_folder, "tfidf");

        var run = await Run(
            CliModels.Tfidf, "train", "--data", TrainPath, "--test-data", TestPath, "--epochs", "2", "--batch-size", "8", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"CliTfidfModel: 96 newswires from {TrainPath}: 76 to train, the last 20 to validate; 24 from {TestPath} to test", run.Output, StringComparison.Ordinal);
        Assert.Contains("each text a tf-idf row of 50 columns", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Test on the 24 texts of {TestPath}", run.Output, StringComparison.Ordinal);
        string testJson = File.ReadAllText(Path.Combine(outDirectory, "test.json"));
        Assert.Contains("\"reviews\": 24", testJson, StringComparison.Ordinal);
        Assert.Contains("\"accuracy\": ", testJson, StringComparison.Ordinal);

        var evaluate = await Run(CliModels.Tfidf, "evaluate", "--model", outDirectory, "--data", TestPath);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains($"on 24 reviews of {TestPath}", evaluate.Output, StringComparison.Ordinal);
        Assert.Contains("accuracy: ", evaluate.Output, StringComparison.Ordinal);

        var predict = await Run(CliModels.Tfidf, "predict", "--model", outDirectory, "--text", "oil barrels opec crude prices");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.StartsWith("class ", Lines(predict.Output).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_ATfidfModel_LearnsTheTopicsOfDistinctWords()
    {
        string outDirectory = Path.Combine(_folder, "learns");

        var run = await Run(
            CliModels.Tfidf, "train", "--data", TrainPath, "--test-data", TestPath, "--validation-split", "0", "--epochs", "30",
            "--batch-size", "8", "--out", outDirectory);

        // Each topic has its own words: a tf-idf row tells them apart, which chance (1 in 8) would not.
        Assert.True(run.ExitCode == 0, run.Error);
        double accuracy = TestAccuracy(outDirectory);
        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy}");
    }

    [Fact]
    public async Task Train_ATokenIdModelOnR8Files_TakesTheTopicsAsSparseClassIds()
    {
        string outDirectory = Path.Combine(_folder, "ids");

        var run = await Run(
            CliModels.Topic, "train", "--data", TrainPath, "--test-data", TestPath, "--epochs", "1", "--batch-size", "8", "--out", outDirectory);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("12 ids per review", run.Output, StringComparison.Ordinal);
        Assert.Contains("\"reviews\": 24", File.ReadAllText(Path.Combine(outDirectory, "test.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithTestDataAndTestSplit_ExitsWithUsageError()
    {
        var run = await Run(CliModels.Tfidf, "train", "--data", TrainPath, "--test-data", TestPath, "--test-split", "0.5", "--out", Path.Combine(_folder, "both"));

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains("give either --test-data (a file of test texts) or --test-split 0.5 (the end of --data), not both.", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Train_EightTopicsOnABinaryModel_NamesTheClassIdItCannotTake()
    {
        var run = await Run(CliModels.Binary, "train", "--data", TrainPath, "--out", Path.Combine(_folder, "binary"));

        Assert.Equal(ModelCommandLine.ExitFailure, run.ExitCode);
        Assert.Contains("the data has class id 7, but CliModel tells 2 classes apart (ids 0 to 1, one sigmoid unit)", run.Error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Train_WithAMissingTestDataFile_NamesIt()
    {
        string missing = Path.Combine(_folder, "absent.txt");

        var run = await Run(CliModels.Tfidf, "train", "--data", TrainPath, "--test-data", missing);

        Assert.Equal(ModelCommandLine.ExitUsage, run.ExitCode);
        Assert.Contains($"--test-data: file not found: {missing}", run.Error, StringComparison.Ordinal);
    }

    private static double TestAccuracy(string runDirectory)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "test.json")));
        return document.RootElement.GetProperty("accuracy").GetDouble();
    }

    /// <summary>
    /// An R8-format file: the header, then <paramref name="count"/> newswires cycling through the eight topics, each of
    /// three words of its topic among words every topic shares.
    /// </summary>
    private static string TopicsFile(int count, int seed)
    {
        string[][] topicWords =
        {
            new[] { "merger", "acquire", "stake", "shares" },       // acq
            new[] { "oil", "crude", "barrels", "opec" },            // crude
            new[] { "profit", "dividend", "quarter", "earnings" },  // earn
            new[] { "wheat", "corn", "harvest", "tonnes" },         // grain
            new[] { "rate", "interest", "prime", "lending" },       // interest
            new[] { "dollar", "yen", "currency", "exchange" },      // money-fx
            new[] { "vessel", "port", "cargo", "tanker" },          // ship
            new[] { "tariff", "imports", "exports", "deficit" },    // trade
        };
        string[] shared = { "the", "company", "said", "in", "a", "year", "market", "it", "reuters", "pct" };
        var random = new Random(seed);
        var file = new StringBuilder(ReutersR8.Header).Append('\n');
        for (int i = 0; i < count; i++)
        {
            int topic = i % 8;
            var words = new List<string>();
            for (int w = 0; w < 9; w++)
            {
                words.Add(w % 3 == 1 ? topicWords[topic][random.Next(4)] : shared[random.Next(shared.Length)]);
            }

            file.Append(ReutersR8.ClassNames[topic]).Append('\t').Append(string.Join(' ', words)).Append('\n');
        }

        return file.ToString();
    }
}
