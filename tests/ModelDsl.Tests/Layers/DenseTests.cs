using System;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

public sealed class DenseTests
{
    [Fact]
    public void Parameters_AreWeightAndBias_InitializedLikeTorchSharpLinear()
    {
        manual_seed(6);
        using var dense = new Dense(400, 300);

        Assert.Equal(new[] { "weight", "bias" }, dense.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(new long[] { 300, 400 }, dense.weight.shape);
        Assert.Equal(new long[] { 300 }, dense.bias!.shape);

        // kaiming_uniform(a = √5) on fan-in 400 is U(±1/√400) = U(±0.05); the bias is U(±1/√fan-in) too.
        var weights = TensorAssert.Values(dense.weight);
        Assert.InRange(weights.Max(w => Math.Abs(w)), 0.049, 0.05);
        Assert.InRange(weights.Average(), -0.001, 0.001);
        Assert.InRange(TensorAssert.Values(dense.bias).Max(b => Math.Abs(b)), 0.045, 0.05);
    }

    [Fact]
    public void WithoutBias_HasOnlyTheWeight()
    {
        using var dense = new Dense(4, 3, useBias: false);
        Assert.Null(dense.bias);
        Assert.Equal(new[] { "weight" }, dense.named_parameters().Select(p => p.name).ToArray());
    }

    [Theory]
    [InlineData(Activations.Linear)]
    [InlineData(Activations.Relu)]
    [InlineData(Activations.Sigmoid)]
    [InlineData(Activations.Softmax)]
    [InlineData(Activations.Tanh)]
    public void Forward_IsTheAffineMapThenTheActivation_OverTheLastAxis(string activation)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var dense = new Dense(5, 3, activation);
        var x = randn(2, 4, 5);

        var y = dense.forward(x);

        Assert.Equal(new long[] { 2, 4, 3 }, y.shape);
        var w = TensorAssert.Values(dense.weight);
        var b = TensorAssert.Values(dense.bias!);
        var xs = TensorAssert.Values(x);
        var expected = new double[2 * 4 * 3];
        for (var row = 0; row < 8; row++)
        {
            var z = new double[3];
            for (var u = 0; u < 3; u++)
            {
                z[u] = b[u];
                for (var f = 0; f < 5; f++)
                {
                    z[u] += w[(u * 5) + f] * xs[(row * 5) + f];
                }
            }

            var sum = z.Sum(Math.Exp);
            for (var u = 0; u < 3; u++)
            {
                expected[(row * 3) + u] = activation switch
                {
                    Activations.Relu => Math.Max(z[u], 0),
                    Activations.Sigmoid => 1 / (1 + Math.Exp(-z[u])),
                    Activations.Softmax => Math.Exp(z[u]) / sum,
                    Activations.Tanh => Math.Tanh(z[u]),
                    _ => z[u],
                };
            }
        }

        TensorAssert.Close(expected, y, 1e-5);
    }

    [Fact]
    public void UnknownActivation_ListsTheSupportedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dense(4, 3, "swish"));
        Assert.Contains("'swish'", error.Message);
        Assert.Contains("linear, relu, sigmoid, softmax, tanh", error.Message);
    }

    [Fact]
    public void WrongInputSize_NamesTheLayerAndBothShapes()
    {
        using var scope = NewDisposeScope();
        var dense = new Dense(32, 1);

        var error = Assert.Throws<ArgumentException>(() => dense.forward(zeros(8, 64)));

        Assert.Contains("Dense(1)", error.Message);
        Assert.Contains("[..., 32]", error.Message);
        Assert.Contains("[8, 64] float32", error.Message);
    }
}
