using System;
using ModelDsl;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

public sealed class OpsTests
{
    [Fact]
    public void Dot_OnAxis2_OfRank3_IsTheBatchedProductWithTheTranspose()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var a = randn(2, 3, 4);
        var b = randn(2, 5, 4);

        var y = Ops.Dot(a, b, 2);

        Assert.Equal(new long[] { 2, 3, 5 }, y.shape);
        var av = TensorAssert.Values(a);
        var bv = TensorAssert.Values(b);
        var expected = new double[2 * 3 * 5];
        for (var n = 0; n < 2; n++)
        {
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 5; j++)
                {
                    var sum = 0.0;
                    for (var k = 0; k < 4; k++)
                    {
                        sum += av[(n * 12) + (i * 4) + k] * bv[(n * 20) + (j * 4) + k];
                    }

                    expected[(n * 15) + (i * 5) + j] = sum;
                }
            }
        }

        TensorAssert.Close(expected, y, 1e-5);
    }

    [Fact]
    public void Dot_OnAxes2And1_ContractsTheInnerAxis_AsInTheAttentionContext()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var weights = randn(2, 30, 20);
        var values = randn(2, 20, 400);

        var y = Ops.Dot(weights, values, (2, 1));

        Assert.Equal(new long[] { 2, 30, 400 }, y.shape);
        TensorAssert.Close(weights.to_type(ScalarType.Float64).bmm(values.to_type(ScalarType.Float64)), y, 1e-4);
    }

    [Fact]
    public void Dot_OfTwoVectorBatches_IsOneColumn()
    {
        using var scope = NewDisposeScope();

        // Row 0: 1·4 + 2·5 + 3·6 = 32; row 1: 1·1 + 0·1 + (-1)·1 = 0.
        var a = tensor(new float[] { 1, 2, 3, 1, 0, -1 }, new long[] { 2, 3 });
        var b = tensor(new float[] { 4, 5, 6, 1, 1, 1 }, new long[] { 2, 3 });

        var y = Ops.Dot(a, b, 1);

        Assert.Equal(new long[] { 2, 1 }, y.shape);
        TensorAssert.Close(new[] { 32.0, 0.0 }, y, 0);
    }

    [Fact]
    public void Dot_AcceptsNegativeAxes()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var a = randn(2, 3, 4);
        var b = randn(2, 5, 4);

        TensorAssert.Close(Ops.Dot(a, b, 2), Ops.Dot(a, b, -1), 0);
        TensorAssert.Close(Ops.Dot(a, b, (2, 2)), Ops.Dot(a, b, (-1, 2)), 0);
    }

    [Fact]
    public void Dot_WithDifferentContractedSizes_NamesBothShapesAndTheAxes()
    {
        using var scope = NewDisposeScope();
        var a = zeros(4, 30, 20);
        var b = zeros(4, 21, 400);

        var error = Assert.Throws<ArgumentException>(() => Ops.Dot(a, b, (2, 1)));

        Assert.Contains("[4, 30, 20]", error.Message);
        Assert.Contains("[4, 21, 400]", error.Message);
        Assert.Contains("axes=(2, 1)", error.Message);
    }

    [Fact]
    public void Dot_OnTheBatchAxis_Throws()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => Ops.Dot(zeros(2, 3), zeros(2, 3), 0));
        Assert.Contains("batch", error.Message);
    }

    [Fact]
    public void Softmax_SumsToOneOverTheChosenAxis()
    {
        using var scope = NewDisposeScope();

        // softmax([0, ln 3]) = [1/4, 3/4].
        var x = tensor(new float[] { 0, (float)Math.Log(3) }, new long[] { 1, 2 });
        TensorAssert.Close(new[] { 0.25, 0.75 }, Ops.Softmax(x), 1e-6);

        manual_seed(4);
        var y = Ops.Softmax(randn(2, 3, 4), axis: 1);
        TensorAssert.Close(ones(2, 4), y.sum(1), 1e-6);
        Assert.Throws<ArgumentException>(() => Ops.Softmax(x, axis: 2));
    }

    [Fact]
    public void Concatenate_JoinsOnTheAxis_AndNamesAnAxisThatDiffers()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        var b = tensor(new float[] { 5, 6 }, new long[] { 2, 1 });

        TensorAssert.Close(new double[] { 1, 2, 5, 3, 4, 6 }, Ops.Concatenate(a, b), 0);
        TensorAssert.Close(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, Ops.Concatenate(new[] { a, a.add(4) }, axis: 0), 0);

        var error = Assert.Throws<ArgumentException>(() => Ops.Concatenate(zeros(2, 3, 4), zeros(2, 5, 6)));
        Assert.Contains("axis 1", error.Message);
        Assert.Contains("[2, 3, 4]", error.Message);
        Assert.Contains("[2, 5, 6]", error.Message);
    }

    [Fact]
    public void Add_SumsEqualShapes_AndRejectsOthers()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2 }, new long[] { 1, 2 });
        TensorAssert.Close(new double[] { 2, 4 }, Ops.Add(a, a), 0);

        var error = Assert.Throws<ArgumentException>(() => Ops.Add(zeros(2, 3), zeros(2, 1)));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[2, 1]", error.Message);
    }
}
