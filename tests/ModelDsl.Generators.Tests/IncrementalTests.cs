using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>Edits that must not regenerate source, and one that must, so the caching checks can fail.</summary>
public sealed class IncrementalTests
{
    private const string Model = """
        using ModelDsl;

        namespace Samples;

        [Model]
        [Input(40)]
        [Embedding(10000, 128)]
        [LSTM(32)]
        [Dense(1, Activation = "sigmoid")]
        public partial class ImdbLstm;
        """;

    private const string Unrelated = """
        namespace Samples;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    [Fact]
    public void CommentAddedAboveTheModel_KeepsThePlanAndSourceCached()
    {
        var result = RunEdited(0, text => "// the IMDB model\n" + text);

        AssertReasons(result, ModelGenerator.Steps.Plan, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertSourceOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedFileEdited_NothingRunsAgain()
    {
        var result = RunEdited(1, text => text.Replace("2 * x", "x + x"));

        // The attribute transform sees a new compilation and runs, but finds the same declaration;
        // everything after it is reused.
        AssertReasons(result, ModelGenerator.Steps.Parse, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertReasons(result, ModelGenerator.Steps.Analyze, IncrementalStepRunReason.Cached);
        AssertReasons(result, ModelGenerator.Steps.Plan, IncrementalStepRunReason.Cached);
        AssertSourceOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void LayerChanged_RegeneratesTheSource()
    {
        var result = RunEdited(0, text => text.Replace("[LSTM(32)]", "[LSTM(64)]"));

        AssertReasons(result, ModelGenerator.Steps.Plan, IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("lstm = new(128, 64);", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    private static GeneratorRunResult RunEdited(int treeIndex, System.Func<string, string> edit)
    {
        var compilation = GeneratorHarness.Compile(Model, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.ElementAt(treeIndex);
        var edited = tree.WithChangedText(SourceText.From(edit(tree.GetText().ToString()), System.Text.Encoding.UTF8));
        return Assert.Single(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results);
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static void AssertSourceOutputs(GeneratorRunResult result, IncrementalStepRunReason expected) =>
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(expected, o.Reason));
}
