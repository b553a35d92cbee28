using System;
using System.Linq;
using ModelDsl.Generation;
using ModelDsl.Tests.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Generation;

public sealed class SamplingTests
{
    private static Tensor Probabilities() => tensor(new[] { 0.1f, 0.2f, 0.7f });

    [Fact]
    public void SameSeed_SameDraws()
    {
        using var scope = NewDisposeScope();
        var rows = Probabilities().expand(50, 3);

        var first = Sampling.Categorical(rows, 1.0, new Generator(7));
        var second = Sampling.Categorical(rows, 1.0, new Generator(7));
        var other = Sampling.Categorical(rows, 1.0, new Generator(8));

        Assert.Equal(TensorAssert.Values(first), TensorAssert.Values(second));
        Assert.NotEqual(TensorAssert.Values(first), TensorAssert.Values(other));
        Assert.Equal(ScalarType.Int64, first.dtype);
        Assert.Equal(new long[] { 50 }, first.shape);
    }

    [Fact]
    public void AtTemperatureOne_DrawsFollowTheDistribution()
    {
        using var scope = NewDisposeScope();

        var ids = TensorAssert.Values(Sampling.Categorical(Probabilities().expand(20_000, 3), 1.0, new Generator(1)));

        // Binomial standard deviations at n = 20,000 are at most 0.0033; allow four of them.
        Assert.InRange(ids.Count(i => i == 0) / 20_000.0, 0.1 - 0.013, 0.1 + 0.013);
        Assert.InRange(ids.Count(i => i == 2) / 20_000.0, 0.7 - 0.013, 0.7 + 0.013);
    }

    [Fact]
    public void Temperature_ReweightsAsKerasDoes_PowerOfOneOverT()
    {
        using var scope = NewDisposeScope();

        // Keras: exp(log(p) / T) renormalised = p^(1/T) / Σ p^(1/T); at T = 0.5 that is p² / Σ p² = [0.0185, 0.0741, 0.9074].
        var ids = TensorAssert.Values(Sampling.Categorical(Probabilities().expand(20_000, 3), 0.5, new Generator(2)));

        Assert.InRange(ids.Count(i => i == 2) / 20_000.0, 0.9074 - 0.01, 0.9074 + 0.01);
    }

    [Fact]
    public void VeryLowTemperature_IsTheLikeliestToken_AndVeryHighIsNearlyUniform()
    {
        using var scope = NewDisposeScope();
        var rows = Probabilities().expand(9_000, 3);

        var cold = TensorAssert.Values(Sampling.Categorical(rows, 0.01, new Generator(3)));
        var hot = TensorAssert.Values(Sampling.Categorical(rows, 100, new Generator(3)));

        Assert.All(cold, i => Assert.Equal(2, i));
        Assert.All(new[] { 0, 1, 2 }, id => Assert.InRange(hot.Count(i => i == id) / 9_000.0, 0.30, 0.37));
    }

    [Fact]
    public void FromLogits_EqualsFromTheirSoftmax_WithTheSameSeed()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var logits = randn(6, 4, 10);

        var fromLogits = Sampling.CategoricalFromLogits(logits, 0.8, new Generator(5));
        var fromProbabilities = Sampling.Categorical(logits.softmax(-1), 0.8, new Generator(5));

        Assert.Equal(new long[] { 6, 4 }, fromLogits.shape);
        Assert.Equal(TensorAssert.Values(fromLogits), TensorAssert.Values(fromProbabilities));
    }

    [Fact]
    public void ZeroProbability_IsNeverDrawn()
    {
        using var scope = NewDisposeScope();
        var ids = TensorAssert.Values(Sampling.Categorical(tensor(new[] { 0f, 1f, 0f }).expand(1000, 3), 2.0, new Generator(6)));
        Assert.All(ids, i => Assert.Equal(1, i));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonPositiveTemperature_IsRefused(double temperature)
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.Categorical(Probabilities(), temperature));
        Assert.Contains("positive finite", error.Message);
    }

    [Fact]
    public void IntegerInput_IsRefusedWithItsShape()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => Sampling.Categorical(zeros(2, 3, dtype: ScalarType.Int64)));
        Assert.Contains("expects [..., vocabulary] floating point, got [2, 3] int64", error.Message);
    }
}
