using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>Edits to a graph model that must not regenerate source, and ones that must, so the caching checks can fail.</summary>
public sealed class GraphIncrementalTests
{
    [Fact]
    public void CommentEditedInTheForwardBody_KeepsThePlanAndSourceCached()
    {
        var result = RunEdited(text => text.Replace("// [B, 30, 20]", "// [B, 30, 20]: how much each answer step attends to each question step"));

        // The edit moves later statements, so the parse result (which keeps locations for diagnostics) changes;
        // the location-free plan does not.
        AssertReasons(result, ModelGenerator.Steps.Plan, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertSourceOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void UnrelatedFileEdited_NothingRunsAgain()
    {
        const string helpers = "namespace Samples;\n\npublic static class Helpers\n{\n    public static int Twice(int x) => 2 * x;\n}\n";
        var compilation = GeneratorHarness.Compile(GraphModuleTests.QaAttention, helpers);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.ElementAt(1);
        var edited = tree.WithChangedText(SourceText.From(helpers.Replace("2 * x", "x + x"), System.Text.Encoding.UTF8));

        var result = Assert.Single(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results);

        // The attribute transform sees a new compilation and runs, but finds the same declaration; the rest is reused.
        AssertReasons(result, ModelGenerator.Steps.Parse, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertReasons(result, ModelGenerator.Steps.Analyze, IncrementalStepRunReason.Cached);
        AssertReasons(result, ModelGenerator.Steps.Plan, IncrementalStepRunReason.Cached);
        AssertSourceOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void AxisChanged_RegeneratesTheSource()
    {
        var result = RunEdited(text => text
            .Replace("var context = Ops.Dot(weights, h1, axes: (2, 1));", "var context = Ops.Dot(weights, h1, axes: (-1, 1));"));

        AssertReasons(result, ModelGenerator.Steps.Plan, IncrementalStepRunReason.Modified);
        Assert.Contains("axes: (-1, 1));", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    [Fact]
    public void LayerSizeChanged_RebuildsTheLayersThatDependOnIt()
    {
        var result = RunEdited(text => text.Replace("[Embedding(1000, 100)]", "[Embedding(1000, 50)]"));

        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("new global::ModelDsl.Layers.LSTM(50, 200,", source);
    }

    private static GeneratorRunResult RunEdited(System.Func<string, string> edit)
    {
        var compilation = GeneratorHarness.Compile(GraphModuleTests.QaAttention);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var text = tree.GetText().ToString();
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        var newTree = tree.WithChangedText(SourceText.From(edited, System.Text.Encoding.UTF8));
        return Assert.Single(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, newTree)).GetRunResult().Results);
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
