using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The model runtime does not depend on the command line: a project that references only the runtime (the
/// ModelDsl.Runtime package) gets a module with Fit/Evaluate/Predict/Summary and no <c>RunAsync</c>, and that module
/// compiles; with ModelDsl.Cli referenced (the ModelDsl package) the same model also gets <c>RunAsync</c>.
/// </summary>
public sealed class CommandLineReferenceTests
{
    private const string Model = """
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
        [Input(40)]
        [Embedding(100, 8)]
        [LSTM(16)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Reviews;
        """;

    private const string UsesTraining = """
        public static class Program
        {
            public static void Main()
            {
                using var model = new Samples.Reviews();
                var x = TorchSharp.torch.zeros(4, 40, dtype: TorchSharp.torch.ScalarType.Int64);
                model.Fit(x, TorchSharp.torch.zeros(4, 1), epochs: 1);
                model.Summary();
            }
        }
        """;

    [Fact]
    public void RuntimeOnly_ModelGetsNoRunAsync_AndCompiles()
    {
        var run = RunWith(GeneratorHarness.ReferencesWithoutCommandLine, Model, UsesTraining);

        Assert.Empty(run.CompilerErrors);
        Assert.DoesNotContain("RunAsync", run.Source);
        Assert.DoesNotContain("ModelDsl.Cli", run.Source);
    }

    [Fact]
    public void RuntimeOnly_CallingRunAsync_IsTheCompilersMissingMember()
    {
        var run = RunWith(GeneratorHarness.ReferencesWithoutCommandLine, Model, "public static class P { public static System.Threading.Tasks.Task<int> M() => Samples.Reviews.RunAsync(new string[0]); }");

        Assert.Contains(run.CompilerErrors, d => d.Id == "CS0117" && d.GetMessage().Contains("RunAsync"));
    }

    [Fact]
    public void WithTheCommandLine_ModelGetsRunAsync()
    {
        var run = RunWith(GeneratorHarness.References, Model, UsesTraining);

        Assert.Empty(run.CompilerErrors);
        Assert.Contains("public static global::System.Threading.Tasks.Task<int> RunAsync(string[] args)", run.Source);
    }

    [Fact]
    public void RuntimeOnly_InertClassOfAModelWithErrors_HasNoRunAsyncEither()
    {
        var broken = Model.Replace("[Embedding(100, 8)]\n", "");
        var run = RunWith(GeneratorHarness.ReferencesWithoutCommandLine, broken, UsesTraining);

        Assert.Contains(run.Diagnostics, d => d.Id == "MDSL0104");
        Assert.Empty(run.CompilerErrors);
        Assert.DoesNotContain("RunAsync", run.Source);
    }

    private static GeneratorRun RunWith(System.Collections.Immutable.ImmutableArray<MetadataReference> references, params string[] sources)
    {
        var compilation = CSharpCompilation.Create(
            "RuntimeOnly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions, path: $"Model{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return GeneratorHarness.RunOn(GeneratorHarness.CreateDriver(), compilation);
    }
}
