using System;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

public sealed class DotAttentionTests
{
    [Fact]
    public void OneQueryByHand()
    {
        using var scope = NewDisposeScope();

        // query q = [[1, 0], [0, 1]], values v = [[ln 3, 0], [0, 0]] (one batch, Tq = Tv = 2, D = 2).
        // Scores q·vᵀ = [[ln 3, 0], [0, 0]]; softmax per row = [[3/4, 1/4], [1/2, 1/2]].
        // Context = weights·v = [[3/4·ln 3, 0], [1/2·ln 3, 0]].
        var ln3 = Math.Log(3);
        var query = tensor(new float[] { 1, 0, 0, 1 }, new long[] { 1, 2, 2 });
        var values = tensor(new float[] { (float)ln3, 0, 0, 0 }, new long[] { 1, 2, 2 });
        var attention = new DotAttention();

        TensorAssert.Close(new[] { 0.75, 0.25, 0.5, 0.5 }, attention.Weights(query, values), 1e-6);
        TensorAssert.Close(new[] { 0.75 * ln3, 0, 0.5 * ln3, 0 }, attention.forward(query, values), 1e-6);

        // concatQuery appends the query after the context: [B, Tq, 2·D].
        var concatenated = new DotAttention(concatQuery: true).forward(query, values);
        TensorAssert.Close(new[] { 0.75 * ln3, 0, 1, 0, 0.5 * ln3, 0, 0, 1 }, concatenated, 1e-6);
    }

    [Fact]
    public void Scale_DividesTheScoresByTheSquareRootOfD()
    {
        using var scope = NewDisposeScope();

        // D = 4, so scores are halved: q·v = 2·ln 3 becomes ln 3, and the weights are [3/4, 1/4].
        var ln3 = (float)Math.Log(3);
        var query = tensor(new float[] { 1, 1, 0, 0 }, new long[] { 1, 1, 4 });
        var values = tensor(new float[] { ln3, ln3, 0, 0, 0, 0, 0, 0 }, new long[] { 1, 2, 4 });

        TensorAssert.Close(new[] { 0.75, 0.25 }, new DotAttention(scale: true).Weights(query, values), 1e-6);
    }

    [Fact]
    public void RandomBatch_EqualsAFloat64Reference()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var query = randn(3, 4, 6);
        var values = randn(3, 7, 6);

        var y = new DotAttention(concatQuery: true, scale: true).forward(query, values);

        var q = query.to_type(ScalarType.Float64);
        var v = values.to_type(ScalarType.Float64);
        var weights = q.bmm(v.transpose(1, 2)).div(Math.Sqrt(6)).softmax(2);
        var expected = cat(new[] { weights.bmm(v), q }, 2);
        Assert.Equal(new long[] { 3, 4, 12 }, y.shape);
        TensorAssert.Close(expected, y, 1e-5);
    }

    [Fact]
    public void DifferentDepths_NameBothShapes()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new DotAttention().forward(zeros(2, 3, 4), zeros(2, 5, 6)));
        Assert.Contains("[2, 3, 4]", error.Message);
        Assert.Contains("[2, 5, 6]", error.Message);
    }
}
