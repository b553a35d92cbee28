using System;
using System.Linq;
using System.Runtime.CompilerServices;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Deliberate mistakes in DESIGN.md's QaAttention graph model, one per test: each gives exactly one diagnostic,
/// at the expression or declaration at fault (pinned by snapshot), and code using the model still compiles.
/// </summary>
public sealed class GraphDiagnosticTests
{
    private const string UsesTheModel = """
        public static class Usage
        {
            public static void Run() => new Samples.QaAttention().Summary();
        }
        """;

    [Fact]
    public void ConcatenatingTheWrongTensor_ReportsBothShapesAndTheAxis() => VerifyMistake(
        "return Output.call(Ops.Concatenate(context, h2));",
        "return Output.call(Ops.Concatenate(context, h1));",
        "MDSL0311");

    [Fact]
    public void StatefulLayerProperty_WithAnInputWithoutBatchSize_IsReportedAtTheProperty() => VerifyMistake(
        "[Bidirectional(merge: \"concat\")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode1",
        "[Bidirectional(merge: \"concat\")] [LSTM(200, ReturnSequences = true, Stateful = true)] partial Bidirectional Encode1",
        "MDSL0027",
        ("[Input(20)] Tensor sentence1", "[Input(20, BatchSize = 16)] Tensor sentence1"));

    [Fact]
    public void DuplicateLayerNameOnProperties_IsReportedAtTheSecond() => VerifyMistake(
        "[Bidirectional(merge: \"concat\")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode2",
        "[Bidirectional(merge: \"concat\", Name = \"encode1\")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode2",
        "MDSL0029");

    [Fact]
    public void DotOverTheWrongAxis_ReportsTheSizesThatDiffer() => VerifyMistake(
        "Ops.Dot(h2, h1, axes: 2)",
        "Ops.Dot(h2, h1, axes: 1)",
        "MDSL0311");

    [Fact]
    public void DenseGivenTokenIds_ReportsAtTheCall() => VerifyMistake(
        "return Output.call(Ops.Concatenate(context, h2));",
        "return Output.call(sentence1);",
        "MDSL0104");

    [Fact]
    public void ParameterWithoutInput_ReportsAtTheParameter() => VerifyMistake(
        "[Input(30)] Tensor sentence2",
        "Tensor sentence2",
        "MDSL0301");

    [Fact]
    public void PropertyTypedAsAnotherLayer_ReportsAtTheTypeAndNamesTheExpectedOne() => VerifyMistake(
        "partial Dense Output { get; }",
        "partial Embedding Output { get; }",
        "MDSL0302");

    [Fact]
    public void Loop_IsReportedAsNotFollowed() => VerifyMistake(
        "var weights =",
        "for (var step = 0; step < 2; step++) h2 = Ops.Add(h2, h2);\n        var weights =",
        "MDSL0305");

    [Fact]
    public void CallToAnotherMethod_IsReportedAsNotFollowed() => VerifyMistake(
        "var context = Ops.Dot(weights, h1, axes: (2, 1));",
        "var context = Ops.Dot(weights.exp(), h1, axes: (2, 1));",
        "MDSL0305");

    [Fact]
    public void UnusedLayerProperty_IsAWarning_AndTheModuleIsStillGenerated() => VerifyMistake(
        "[Dense(200, Activation = \"tanh\")]",
        "[Dense(10)] partial Dense Unused { get; }\n    [Dense(200, Activation = \"tanh\")]",
        "MDSL0309");

    [Fact]
    public void SharedLayerCalledWithAnotherFeatureSize_ReportsAtTheSecondCall() => VerifyMistake(
        "return Output.call(Ops.Concatenate(context, h2));",
        "var joined = Output.call(Ops.Concatenate(context, h2));\n        return Output.call(joined);",
        "MDSL0310");

    [Fact]
    public void NonConstantAxis_ReportsAtTheArgument() => VerifyMistake(
        "Ops.Dot(h2, h1, axes: 2)",
        "Ops.Dot(h2, h1, axes: h1.shape.Length - 1)",
        "MDSL0306");

    [Fact]
    public void LayerAttributeOnTheClass_IsReportedThere() => VerifyMistake(
        "[Model(Loss = \"mse\", Optimizer = \"adam\")]",
        "[Model(Loss = \"mse\", Optimizer = \"adam\")]\n[Dense(3)]",
        "MDSL0300");

    [Fact]
    public void CallOfAModuleThatIsNotALayerProperty_IsReported() => VerifyMistake(
        "[Forward]",
        "Bidirectional Reencode => Encode2;\n\n    [Forward]",
        "MDSL0308",
        ("var weights =", "h2 = Reencode.call(h2);\n        var weights ="));

    [Fact]
    public void UnmergedBidirectionalCalledForOneOutput_SuggestsForwardBoth() => VerifyMistake(
        "[Bidirectional(merge: \"concat\")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode1",
        "[Bidirectional(merge: null)] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode1",
        "MDSL0314");

    [Fact]
    public void FirstErrorStopsTheWalk_LaterMistakesAreNotReportedAsACascade() => VerifyMistake(
        "Ops.Dot(h2, h1, axes: 2)",
        "Ops.Dot(h2, h1, axes: 5)",
        "MDSL0312",
        ("Ops.Concatenate(context, h2)", "Ops.Concatenate(context, h1)"));

    [Fact]
    public void SoftmaxOverTokenIds_AsksForAnEmbeddingFirst() => VerifyMistake(
        "var weights = Ops.Softmax(Ops.Dot(h2, h1, axes: 2));",
        "var weights = Ops.Softmax(sentence2);",
        "MDSL0313");

    [Fact]
    public void LayerPropertyWithASetter_IsReportedAtTheProperty() => VerifyMistake(
        "partial Dense Output { get; }",
        "partial Dense Output { get; set; }",
        "MDSL0303");

    [Fact]
    public void ForwardWithSevenInputs_IsMoreThanATorchSharpModuleTakes()
    {
        var run = GeneratorHarness.Run("""
            using ModelDsl;
            using ModelDsl.Layers;
            using static TorchSharp.torch;

            namespace Samples;

            [Model]
            public partial class QaAttention
            {
                [Dense(1)] partial Dense Output { get; }

                [Forward]
                Tensor Forward([Input(2)] Tensor a, [Input(2)] Tensor b, [Input(2)] Tensor c, [Input(2)] Tensor d, [Input(2)] Tensor e, [Input(2)] Tensor f, [Input(2)] Tensor g) =>
                    Output.call(Ops.Concatenate([a, b, c, d, e, f, g]));
            }
            """, UsesTheModel);

        Assert.Equal(new[] { "MDSL0304" }, run.Diagnostics.Select(d => d.Id));
        Assert.Empty(run.CompilerErrors);
        Snapshot.Match(DiagnosticText.Render(run.Diagnostics), "txt");
    }

    /// <summary>As in a stack, a recurrent layer stacked on one that returns only its last step is reported at the layer to change.</summary>
    [Fact]
    public void StackedLstmCallsWithoutReturnSequences_AreReportedAtTheFirstCall()
    {
        var run = GeneratorHarness.Run("""
            using ModelDsl;
            using ModelDsl.Layers;
            using static TorchSharp.torch;

            namespace Samples;

            [Model]
            public partial class QaAttention
            {
                [Embedding(100, 8)] partial Embedding Embed { get; }
                [LSTM(16)] partial LSTM First { get; }
                [LSTM(8)] partial LSTM Second { get; }

                [Forward]
                Tensor Forward([Input(10)] Tensor words)
                {
                    var states = First.call(Embed.call(words));
                    return Second.call(states);
                }
            }
            """, UsesTheModel);

        var error = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0101", error.Id);
        Assert.Equal("First.call(Embed.call(words))", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.Empty(run.CompilerErrors);
    }

    [Fact]
    public void LayerPropertyInASequentialModel_IsReported_SinceNothingCallsIt()
    {
        var run = GeneratorHarness.Run("""
            using ModelDsl;

            namespace Samples;

            [Model]
            [Input(4, DType = "float32")]
            [Dense(1)]
            public partial class QaAttention
            {
                [Dense(3)] public int Extra { get; }
            }
            """, UsesTheModel);

        Assert.Equal(new[] { "MDSL0315" }, run.Diagnostics.Select(d => d.Id));
        Assert.Single(run.Sources); // the class is still generated (inert, the model has an error), so Usage binds
        Assert.Empty(run.CompilerErrors);
        Snapshot.Match(DiagnosticText.Render(run.Diagnostics), "txt");
    }

    [Fact]
    public void ModelWithErrors_GetsAnInertClassOfTheSameArity_WithItsPropertiesImplemented()
    {
        var run = GeneratorHarness.Run(GraphModuleTests.QaAttention.Replace("axes: 2", "axes: 1"), UsesTheModel);

        Assert.Equal(new[] { "MDSL0311" }, run.Diagnostics.Select(d => d.Id));
        Assert.Empty(run.CompilerErrors);
        Snapshot.Match(run.Source, "cs");
    }

    [Fact]
    public void KerasLayerOnALayerProperty_IsReportedAtItsAttribute() => VerifyMistake(
        "[Dense(200, Activation = \"tanh\")]", "[Dense(200, Activation = \"tanh\")] [BatchNormalization]", "MDSL0021",
        ("namespace Samples;", "namespace Samples;\n\npublic sealed class BatchNormalizationAttribute : System.Attribute;"));

    private static void VerifyMistake(string original, string mistake, string expectedId, (string Original, string Replacement)? alsoChange = null, [CallerMemberName] string test = "")
    {
        var source = GraphModuleTests.QaAttention;
        Assert.Contains(original, source, StringComparison.Ordinal);
        source = source.Replace(original, mistake);
        if (alsoChange is { } change)
        {
            Assert.Contains(change.Original, source, StringComparison.Ordinal);
            source = source.Replace(change.Original, change.Replacement);
        }

        var run = GeneratorHarness.Run(source, UsesTheModel);

        Assert.Equal(new[] { expectedId }, run.Diagnostics.Select(d => d.Id));
        Assert.Single(run.Sources);
        Assert.Empty(run.CompilerErrors); // no cascade: the user's code still binds
        Snapshot.Match(DiagnosticText.Render(run.Diagnostics), "txt", testMethod: test);
    }
}
