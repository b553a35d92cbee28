using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelDsl.Cli;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Layers;
using ModelDsl.Runtime;
using ModelDsl.Tests.Cli;
using ModelDsl.Text;
using Xunit;

namespace ModelDsl.Tests.Runtime;

/// <summary>
/// On a machine where libLibTorchSharp cannot be loaded, the first thing a user does with ModelDsl throws
/// <see cref="TorchNativeLoadException"/> with the dynamic loader's explanation and the fix, not TorchSharp's bare
/// <see cref="DllNotFoundException"/>. The failure is simulated for each test's own asynchronous flow
/// (<see cref="TorchRuntime.SimulateLoadFailure"/>), so the tests running beside it are unaffected; the loader message
/// is the one an Ubuntu 22.04 machine gives, and goes through the real diagnosis.
/// </summary>
public sealed class TorchLoadFailureTests
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string LoaderMessage =
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /srv/app/libLibTorchSharp.so)";

    private static readonly Dictionary<string, Action> Entries = new()
    {
        ["new ImdbLstm()"] = () => new ImdbLstm().Dispose(),
        ["new QaAttention() (graph model)"] = () => new Graph.QaAttention().Dispose(),
        ["new Dense(4, 2)"] = () => new Dense(4, 2).Dispose(),
        ["new Embedding(10, 4)"] = () => new Embedding(10, 4).Dispose(),
        ["new Dropout(0.5)"] = () => new Dropout(0.5).Dispose(),
        ["new DotAttention()"] = () => new DotAttention().Dispose(),
        ["new SimpleRNN(3, 4)"] = () => new SimpleRNN(3, 4).Dispose(),
        ["new GRU(3, 4)"] = () => new GRU(3, 4).Dispose(),
        ["new LSTM(3, 4)"] = () => new LSTM(3, 4).Dispose(),
        ["RandomSeed.Set(42)"] = () => RandomSeed.Set(42),
        ["PretrainedVectors.ReadGlove"] = () => PretrainedVectors.ReadGlove("no-such-glove.txt", new Dictionary<string, int>(), 10, 4).Dispose(),
        ["PaddedSequences.ToTensor"] = () => Sequences.PadSequences(new[] { new[] { 1, 2 } }, maxLen: 3).ToTensor().Dispose(),
        ["Labels.ToColumnTensor"] = () => Labels.ToColumnTensor(new[] { 0f, 1f }).Dispose(),
        ["Labels.ToClassIndexTensor"] = () => Labels.ToClassIndexTensor(new[] { 0, 1 }).Dispose(),
        ["FloatMatrix.ToTensor"] = () => new FloatMatrix(new[] { 1f, 2f }, 1, 2).ToTensor().Dispose(),
        ["CharWindows.ToTargetTensor"] = () => CharWindows(1).ToTargetTensor().Dispose(),
    };

    public static TheoryData<string> EntryNames() => new(Entries.Keys);

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void TheFirstCallIntoLibTorch_ThrowsTheExplainedException(string entry)
    {
        var torchError = new DllNotFoundException("Unable to load shared library 'LibTorchSharp' or one of its dependencies.");

        TorchNativeLoadException error;
        using (TorchRuntime.SimulateLoadFailure(torchError, LoaderMessage))
        {
            error = Assert.Throws<TorchNativeLoadException>(Entries[entry]);
        }

        AssertExplains(error);
        Assert.Same(torchError, error.InnerException);
    }

    [Fact]
    public void Bidirectional_OverALayerBuiltBefore_ThrowsTheExplainedException()
    {
        using var lstm = new LSTM(3, 4);

        using (Simulate())
        {
            AssertExplains(Assert.Throws<TorchNativeLoadException>(() => new Bidirectional(lstm)));
        }
    }

    [Fact]
    public void TheDiagnosis_ReadsTheSimulatedLoaderMessage_AsItReadsARealOne()
    {
        // A loader message about another library: the operating system is too old for libtorch itself.
        const string glibc = "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found (required by /srv/app/libtorch_cpu.so)";

        using (TorchRuntime.SimulateLoadFailure(new DllNotFoundException("LibTorchSharp"), glibc))
        {
            var error = Assert.Throws<TorchNativeLoadException>(() => new Dense(2, 2));

            Assert.Equal("GLIBC_2.38", error.MissingVersion);
            Assert.Contains("the operating system is older than the one libtorch was built for", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSimulation_HoldsForItsAsyncFlowOnly_AndEndsWithItsScope()
    {
        using (Simulate())
        {
            // A task started inside the scope inherits it ...
            await Task.Run(() => Assert.Throws<TorchNativeLoadException>(() => new Dense(2, 2)));

            // ... one that does not share this flow's context (another test, say) loads as usual.
            Task<Dense> unrelated;
            using (ExecutionContext.SuppressFlow())
            {
                unrelated = Task.Run(() => new Dense(2, 2));
            }

            using var built = await unrelated;
            Assert.Equal(2, built.weight.shape[0]);
        }

        using var after = new Dense(2, 2);
        Assert.Equal(2, after.weight.shape[0]);
    }

    [Fact]
    public async Task CommandLineSummary_ReportsTheExplanation_OnOneLine_WithExitCodeFailure()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode;
        using (Simulate())
        {
            exitCode = await ModelCommandLine.RunAsync(new[] { "summary" }, CliModels.Binary, output, error);
        }

        Assert.Equal(ModelCommandLine.ExitFailure, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(" summary: TorchSharp's native library cannot be loaded", line, StringComparison.Ordinal);
        Assert.Contains($"requires {MissingVersion} from libstdc++.so.6", line, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task CommandLineTrain_ReportsTheExplanation_BeforeReadingDataOrCreatingTheRunFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "modeldsl-loadfailure-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // Not a valid review file: reading it would fail with another message.
            var data = Path.Combine(folder, "reviews.csv");
            File.WriteAllText(data, "not,a,review,file\n");
            var run = Path.Combine(folder, "run");
            var error = new StringWriter();

            int exitCode;
            using (Simulate())
            {
                exitCode = await ModelCommandLine.RunAsync(new[] { "train", "--data", data, "--out", run }, CliModels.Binary, new StringWriter(), error);
            }

            Assert.Equal(ModelCommandLine.ExitFailure, exitCode);
            Assert.Contains($"requires {MissingVersion} from libstdc++.so.6", error.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(run), "the run folder was created before the load check");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CommandLineHelp_NeedsNoLibTorch()
    {
        var output = new StringWriter();

        int exitCode;
        using (Simulate())
        {
            exitCode = await ModelCommandLine.RunAsync(new[] { "--help" }, CliModels.Binary, output, new StringWriter());
        }

        Assert.Equal(ModelCommandLine.ExitSuccess, exitCode);
        Assert.Contains("train", output.ToString(), StringComparison.Ordinal);
    }

    private static IDisposable Simulate() =>
        TorchRuntime.SimulateLoadFailure(new DllNotFoundException("Unable to load shared library 'LibTorchSharp'."), LoaderMessage);

    private static void AssertExplains(TorchNativeLoadException error)
    {
        Assert.Equal(MissingVersion, error.MissingVersion);
        Assert.Equal(LoaderMessage, error.LoaderMessage);
        Assert.StartsWith(
            $"TorchSharp's native library cannot be loaded: /srv/app/libLibTorchSharp.so requires {MissingVersion} from libstdc++.so.6",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("ModelDslPatchLibTorchSharp=false", error.Message, StringComparison.Ordinal);
    }

    private static CharWindows CharWindows(int sequenceLength)
    {
        var vocabulary = CharVocabulary.FromText("abcabc");
        return new CharWindows(vocabulary.Encode("abcabc"), sequenceLength);
    }
}
