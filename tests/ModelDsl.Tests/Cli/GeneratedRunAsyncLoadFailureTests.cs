using System;
using System.IO;
using System.Threading.Tasks;
using ModelDsl.Cli;
using ModelDsl.Runtime;
using ModelDsl.Tests.Training;
using Xunit;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// A model's generated <c>RunAsync(args)</c>, the one line of a sample's <c>Program.cs</c>, on a machine where
/// libLibTorchSharp cannot be loaded (simulated): the explanation on the console's error stream and exit code 1.
/// In the training collection because it swaps the process-wide console writers, which only a test running alone may do.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class GeneratedRunAsyncLoadFailureTests
{
    [Fact]
    public async Task RunAsyncSummary_PrintsWhyLibTorchCannotLoad_AndExitsWithFailure()
    {
        const string loaderMessage =
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /srv/app/libLibTorchSharp.so)";
        var (output, error) = (new StringWriter(), new StringWriter());
        var (consoleOut, consoleError) = (Console.Out, Console.Error);
        int exitCode;
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            using (TorchRuntime.SimulateLoadFailure(new DllNotFoundException("Unable to load shared library 'LibTorchSharp'."), loaderMessage))
            {
                exitCode = await CliModel.RunAsync(new[] { "summary" });
            }
        }
        finally
        {
            Console.SetOut(consoleOut);
            Console.SetError(consoleError);
        }

        Assert.Equal(ModelCommandLine.ExitFailure, exitCode);
        Assert.Contains("requires GLIBCXX_3.4.32 from libstdc++.so.6", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ModelDslPatchLibTorchSharp=false", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Total params", output.ToString(), StringComparison.Ordinal);
    }
}
