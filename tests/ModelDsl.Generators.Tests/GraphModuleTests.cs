using System.Linq;
using System.Runtime.CompilerServices;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The module generated for graph models (layer properties wired by a <c>[Forward]</c> method), pinned by
/// snapshot. Every case also proves the generated code compiles against the real API and that the generator caches.
/// </summary>
public sealed class GraphModuleTests
{
    /// <summary>DESIGN.md's attention between two sentences.</summary>
    public const string QaAttention = """
        using ModelDsl;
        using ModelDsl.Layers;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "mse", Optimizer = "adam")]
        public partial class QaAttention
        {
            [Embedding(1000, 100)]                                               partial Embedding Embed { get; }
            [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode1 { get; }
            [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode2 { get; }
            [Dense(200, Activation = "tanh")]                                    partial Dense Output { get; }

            [Forward]
            Tensor Forward([Input(20)] Tensor sentence1, [Input(30)] Tensor sentence2)
            {
                var h1 = Encode1.call(Embed.call(sentence1));            // [B, 20, 400]
                var h2 = Encode2.call(Embed.call(sentence2));            // [B, 30, 400]
                var weights = Ops.Softmax(Ops.Dot(h2, h1, axes: 2));    // [B, 30, 20]
                var context = Ops.Dot(weights, h1, axes: (2, 1));        // [B, 30, 400]
                return Output.call(Ops.Concatenate(context, h2));        // [B, 30, 200]
            }
        }
        """;

    [Fact]
    public void QaAttention_TwoInputsSharedEmbeddingBidirectionalDotAndConcatenate() => VerifyModule(QaAttention);

    /// <summary>
    /// A graph model gets what a stack gets, from the same code: the padding mask from an Embedding with MaskZero reaches
    /// the recurrent layer (through Dropout), and a final Dense sigmoid under binary crossentropy trains on logits.
    /// </summary>
    [Fact]
    public void MaskZeroEmbedding_FeedsItsMaskToTheLstm_AndTheSigmoidOutputTrainsOnLogits()
    {
        var run = GeneratorHarness.Run(MaskedGraph);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerErrors);
        Assert.Contains("var mask = embed.ComputeMask(review);", run.Source, System.StringComparison.Ordinal);
        Assert.Contains("encode.forward(drop.call(vectors), mask)", run.Source, System.StringComparison.Ordinal);
        Assert.Contains("return classify.Activate(Logits(review));", run.Source, System.StringComparison.Ordinal);
        Assert.Contains("inputs => Logits(inputs[0])", run.Source, System.StringComparison.Ordinal);
        Snapshot.Match(run.Source, "cs");
    }

    /// <summary>As in a stack, a mask that no recurrent layer reads is a warning at the embedding, and is not computed.</summary>
    [Fact]
    public void MaskZeroEmbedding_WhoseMaskNoRecurrentLayerReads_Warns()
    {
        var run = GeneratorHarness.Run(MaskedGraph.Replace("var state = Encode.call(Drop.call(vectors));", "var state = Ops.Softmax(Encode.call(Drop.call(Ops.Softmax(vectors, axis: -1))), axis: -1);"));

        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("MDSL0106", warning.Id);
        Assert.Equal("Embed.call(review)", warning.Location.SourceTree!.GetText().ToString(warning.Location.SourceSpan));
        Assert.Contains("Ops.Softmax does not pass it on", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.DoesNotContain("ComputeMask", run.Source, System.StringComparison.Ordinal);
        Assert.Empty(run.CompilerErrors);
    }

    /// <summary>The graph form of a masked review classifier (tests/ModelDsl.Tests compares it with the same stack).</summary>
    public const string MaskedGraph = """
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "adam")]
        public partial class MaskedReviewGraph
        {
            [Embedding(100, 8, MaskZero = true)] partial Embedding Embed { get; }
            [Dropout(0.2)] partial Dropout Drop { get; }
            [LSTM(6)] partial LSTM Encode { get; }
            [Dense(1, Activation = "sigmoid")] partial Dense Classify { get; }

            [Forward]
            Tensor Forward([Input(12)] Tensor review)
            {
                var vectors = Embed.call(review);
                var state = Encode.call(Drop.call(vectors));
                return Classify.call(state);
            }
        }
        """;

    [Fact]
    public void OneInput_ExpressionBodiedForward_WithDropoutAndUnknownLength() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
        public partial class ReviewGraph
        {
            [Embedding(5000, 32)] partial Embedding Embed { get; }
            [GRU(16, GoBackwards = true)] partial GRU Encode { get; }
            [Dropout(0.5)] partial Dropout Drop { get; }
            [Dense(1, Activation = "sigmoid")] partial Dense Classify { get; }

            [Forward]
            Tensor Forward([Input(Dimension.Unknown)] Tensor review) => Classify.call(Drop.call(Encode.call(Embed.call(review))));
        }
        """);

    [Fact]
    public void LayerProperty_WithAName_GetsThatFieldAndSummaryName() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model]
        public partial class NamedGraph
        {
            [Embedding(5000, 32, Name = "words")] partial Embedding Embed { get; }
            [Bidirectional(Name = "reader")] [GRU(16)] partial Bidirectional Encode { get; }
            [Dense(1, Activation = "sigmoid")] partial Dense Classify { get; }

            [Forward]
            Tensor Forward([Input(Dimension.Unknown)] Tensor review) => Classify.call(Encode.call(Embed.call(review)));
        }
        """);

    [Fact]
    public void StatefulLayerProperties_GetResetStates_AndFixedBatchInputs() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model]
        public partial class StatefulGraph
        {
            [GRU(8, Stateful = true, ReturnSequences = true)] partial GRU Encode { get; }
            [Bidirectional] [LSTM(4, Stateful = true)] partial Bidirectional Summarize { get; }

            [Forward]
            Tensor Forward([Input(Dimension.Unknown, 3, DType = "float32", BatchSize = 8)] Tensor steps) => Summarize.call(Encode.call(steps));
        }
        """);

    [Fact]
    public void SharedEncoder_CalledOnBothInputs_SummedWithOpsAdd() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using TorchSharp;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "adam", Initializer = "keras")]
        public partial class Siamese
        {
            [Embedding(2000, 64)] public partial Embedding Embed { get; }
            [LSTM(32)] public partial LSTM Encoder { get; }
            [Dense(1, Activation = "sigmoid")] public partial Dense Score { get; }

            [Forward]
            public torch.Tensor Compare([Input(15)] torch.Tensor left, [Input(15)] torch.Tensor right)
            {
                var a = Encoder.call(Embed.call(left));
                var b = Encoder.call(Embed.call(right));
                return Score.call(Ops.Add(a, b));
            }
        }
        """);

    [Fact]
    public void UnmergedBidirectional_ForwardBoth_ConcatenatedList_DotAttentionWithConcatQuery() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "sparse_categorical_crossentropy")]
        public partial class AttentiveTagger
        {
            [Embedding(800, 24)] partial Embedding Embed { get; }
            [Bidirectional(merge: null)] [GRU(24, ReturnSequences = true)] partial Bidirectional Encode { get; }
            [DotAttention(ConcatQuery = true, Scale = true)] partial DotAttention Attend { get; }
            [Dense(5, Activation = "softmax")] partial Dense Tag { get; }

            [Forward]
            Tensor Forward([Input(12)] Tensor words)
            {
                var (forward, backward) = Encode.ForwardBoth(Embed.call(words));
                var states = Ops.Concatenate(new[] { forward, backward }, axis: 2);
                states = Ops.Softmax(states);
                var attended = Attend.call(states, states);
                return Tag.call(attended);
            }
        }
        """);

    [Fact]
    public void PositionalAndNegativeAxes_CollectionExpression_AndFloatFeatureInputs() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "categorical_crossentropy", Optimizer = "rmsprop")]
        public partial class Fusion
        {
            private const int Features = -1;

            [Dense(16, Activation = "relu")] partial Dense Text { get; }
            [Dense(16, Activation = "relu")] partial Dense Meta { get; }
            [Dense(4, Activation = "softmax")] partial Dense Classes { get; }

            [Forward]
            Tensor Forward([Input(300, DType = "float32")] Tensor tfidf, [Input(12, DType = DTypes.Float32)] Tensor metadata)
            {
                var t = Text.call(tfidf);
                var m = Meta.call(metadata);
                var similarity = Ops.Softmax(Ops.Dot(t, m, -1), Features);
                return Classes.call(Ops.Concatenate([t, m, Ops.Add(t, m)], Features));
            }
        }
        """);

    [Fact]
    public void LayerPropertyNamedLikeAModuleMember_GetsASuffixedField() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model]
        public partial class Scorer
        {
            [Dense(8, Activation = "relu")] partial Dense Name { get; }
            [Dense(1)] partial Dense Eval { get; }

            [Forward]
            Tensor Score([Input(5, DType = "float32")] Tensor features) => Eval.call(Name.call(features));
        }
        """);

    [Fact]
    public void ForwardBoth_WithADiscard_KeepsTheBackwardDirection() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model]
        public partial class BackwardOnly
        {
            [Embedding(100, 8)] partial Embedding Embed { get; }
            [Bidirectional(merge: null)] [LSTM(6)] partial Bidirectional Encode { get; }
            [Dense(2)] partial Dense Out { get; }

            [Forward]
            Tensor Forward([Input(7)] Tensor ids)
            {
                var (_, backward) = Encode.ForwardBoth(Embed.call(ids));
                return Out.call(backward);
            }
        }
        """);

    /// <summary>The convolution layers as layer properties: an embedding shared by two inputs of different lengths, one convolved and pooled, one averaged, then joined.</summary>
    [Fact]
    public void SharedConv1D_OverTwoInputs_GlobalPoolsConcatenated() => VerifyModule("""
        using ModelDsl;
        using ModelDsl.Layers;
        using static TorchSharp.torch;

        namespace Samples;

        [Model(Loss = "binary_crossentropy")]
        public partial class TwoTexts
        {
            [Embedding(1000, 16)]                             partial Embedding Embed { get; }
            [Conv1D(8, 3, Activation = "relu", Padding = "same")] partial Conv1D Convolve { get; }
            [MaxPooling1D(2)]                                 partial MaxPooling1D Pool { get; }
            [GlobalMaxPooling1D]                              partial GlobalMaxPooling1D MaxOverTime { get; }
            [GlobalAveragePooling1D]                          partial GlobalAveragePooling1D MeanOverTime { get; }
            [Dense(1, Activation = "sigmoid")]                partial Dense Output { get; }

            [Forward]
            Tensor Forward([Input(20)] Tensor title, [Input(60)] Tensor body)
            {
                var t = MaxOverTime.call(Pool.call(Convolve.call(Embed.call(title))));
                var b = MeanOverTime.call(Embed.call(body));
                return Output.call(Ops.Concatenate(t, b));
            }
        }
        """);

    private static void VerifyModule(string source, [CallerMemberName] string test = "")
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilerErrors);
        Snapshot.Match(run.Source, "cs", testMethod: test);
    }
}
