using System;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

public sealed class RegularizerTests
{
    [Theory]
    [InlineData("l2(1e-4)", 0, 1e-4)]
    [InlineData("l1(0.5)", 0.5, 0)]
    [InlineData("l1_l2(l1=0.1, l2=0.2)", 0.1, 0.2)]
    [InlineData("l1_l2(0.3, 0.4)", 0.3, 0.4)]
    [InlineData("l1_l2(l2=0.2)", 0.01, 0.2)]
    [InlineData("l2", 0, 0.01)]
    [InlineData("l1_l2", 0.01, 0.01)]
    [InlineData(" l2( 0.001 ) ", 0, 0.001)]
    public void Parse_ReadsKerasSpellings_WithKerasDefaults(string text, double l1, double l2)
    {
        Assert.Equal(new Regularizer(l1, l2), Regularizer.Parse(text));
    }

    [Theory]
    [InlineData("l3(0.1)")]
    [InlineData("l2(-1)")]
    [InlineData("l2(abc)")]
    [InlineData("l2(l1=0.1)")]
    [InlineData("l1_l2(0.1, 0.2, 0.3)")]
    public void Parse_RefusesAnythingElse_NamingTheForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => Regularizer.Parse(text));
        Assert.Equal($"Unknown regularizer '{text}'; expected Keras's l2(factor), l1(factor) or l1_l2(l1=factor, l2=factor) with factors of 0 or more", error.Message);
    }

    [Fact]
    public void Penalty_IsL1TimesSumAbsPlusL2TimesSumSquares()
    {
        using var scope = NewDisposeScope();
        var weight = tensor(new[] { 1f, -2f, 3f });

        Assert.Equal(0.1 * 6 + 0.01 * 14, new Regularizer(0.1, 0.01).Penalty(weight).item<float>(), 5);
        Assert.Equal("l1_l2(l1=0.1, l2=0.01)", new Regularizer(0.1, 0.01).ToString());
        Assert.Equal("l2(0.0001)", Regularizer.OfL2(1e-4).ToString());
    }

    [Fact]
    public void Total_SumsEveryRegularizedLayer_OnceEach()
    {
        using var scope = NewDisposeScope();
        manual_seed(71);
        var dense = new Dense(3, 2) { KernelRegularizer = Regularizer.OfL2(0.5) };
        var lstm = new LSTM(3, 2, new RecurrentOptions { KernelRegularizer = Regularizer.OfL1(0.1), RecurrentRegularizer = Regularizer.OfL2(0.2) });
        var embedding = new Embedding(5, 3) { EmbeddingsRegularizer = Regularizer.OfL2(0.3) };
        var plain = new Dense(2, 1);
        var model = nn.Sequential(("embedding", embedding), ("lstm", lstm), ("dense", dense), ("plain", plain));

        var expected = (0.5 * dense.weight.square().sum().item<float>())
            + (0.1 * lstm.KernelParameters()["weight_ih_l0"].abs().sum().item<float>())
            + (0.2 * lstm.KernelParameters()["weight_hh_l0"].square().sum().item<float>())
            + (0.3 * embedding.weight.square().sum().item<float>());

        Assert.Equal(expected, WeightPenalties.Total(model)!.item<float>(), 4);
        Assert.Null(WeightPenalties.Total(plain));
    }

    [Fact]
    public void Penalty_HasAGradient_TowardsSmallerWeights()
    {
        using var scope = NewDisposeScope();
        var dense = new Dense(2, 1) { KernelRegularizer = Regularizer.OfL2(1) };

        WeightPenalties.Total(dense)!.backward();

        TensorAssert.Close(dense.weight.mul(2), dense.weight.grad!, 1e-6);
    }
}
