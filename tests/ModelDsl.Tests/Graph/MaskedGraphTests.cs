using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Graph;

/// <summary>A review classifier with a padding mask, declared as a stack.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam")]
[Input(12)]
[Embedding(100, 8, MaskZero = true)]
[Dropout(0.2)]
[LSTM(6)]
[Dense(1, Activation = "sigmoid")]
public partial class MaskedReviewStack;

/// <summary>The same classifier as a graph model: since both compile through one pipeline, it gets the padding mask and the logits path too.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam")]
public partial class MaskedReviewGraph
{
    [Embedding(100, 8, MaskZero = true)] internal partial Embedding Embed { get; }
    [Dropout(0.2)] internal partial Dropout Drop { get; }
    [LSTM(6)] internal partial LSTM Encode { get; }
    [Dense(1, Activation = "sigmoid")] internal partial Dense Classify { get; }

    [Forward]
    Tensor Forward([Input(12)] Tensor review)
    {
        var vectors = Embed.call(review);
        var state = Encode.call(Drop.call(vectors));
        return Classify.call(state);
    }
}

/// <summary>A masked graph model computes what the equivalent stack computes, with the same weights.</summary>
[Collection(TrainingCollection.Name)]
public sealed class MaskedGraphTests
{
    [Fact]
    public void MaskedGraph_GivesTheStacksOutput_WithTheSameWeights_OnPaddedReviews()
    {
        using var scope = NewDisposeScope();
        using var stack = new MaskedReviewStack();
        using var graph = new MaskedReviewGraph();
        CopyByPosition(stack, graph);
        stack.eval();
        graph.eval();

        // Pre-padded reviews of 12, 7 and 3 tokens: the mask keeps the LSTM's state through the zeros.
        var reviews = tensor(new long[,]
        {
            { 5, 9, 13, 2, 77, 41, 8, 8, 3, 61, 12, 99 },
            { 0, 0, 0, 0, 0, 14, 15, 16, 17, 18, 19, 20 },
            { 0, 0, 0, 0, 0, 0, 0, 0, 0, 42, 43, 44 },
        });

        var expected = stack.call(reviews);
        var actual = graph.call(reviews);

        Assert.Equal(new long[] { 3, 1 }, actual.shape);
        Assert.True(TrainingTestSupport.Identical(expected, actual), $"max |Δ| = {(expected - actual).abs().max().item<float>()}");
    }

    [Fact]
    public void MaskedGraph_SkipsThePadding_AsIfOnlyTheRealTokensWereThere()
    {
        using var scope = NewDisposeScope();
        using var graph = new MaskedReviewGraph();
        graph.eval();

        var padded = graph.call(tensor(new long[,] { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 42, 43, 44 } }));
        var tokensOnly = graph.Classify.call(graph.Encode.call(graph.Embed.call(tensor(new long[,] { { 42, 43, 44 } }))));

        Assert.True(padded.allclose(tokensOnly, rtol: 1e-4, atol: 1e-6), $"max |Δ| = {(padded - tokensOnly).abs().max().item<float>()}");
    }

    /// <summary>The layers are built in the same order with the same shapes; their names differ (embedding vs embed).</summary>
    private static void CopyByPosition(nn.Module source, nn.Module target)
    {
        using var noGrad = no_grad();
        var from = source.parameters().ToList();
        var to = target.parameters().ToList();
        Assert.Equal(from.Count, to.Count);
        for (var i = 0; i < from.Count; i++)
        {
            Assert.Equal(from[i].shape, to[i].shape);
            to[i].copy_(from[i]);
        }
    }
}
