using System;
using System.Linq;
using ModelDsl.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>Each Keras loss against values worked out by hand in double precision (float32 rounding mirrored where Keras clips).</summary>
public sealed class LossFunctionTests
{
    private const double Eps = 1e-7;

    /// <summary>A double rounded to float32, as the clip bounds are in a float32 model.</summary>
    private static double F(double value) => (float)value;

    private static double Clip(double p) => Math.Clamp(p, F(Eps), F(1 - Eps));

    private static double Compute(string loss, bool fromLogits, Tensor output, Tensor target)
    {
        using var value = LossFunction.Create(loss, fromLogits).Compute(output, target);
        Assert.Equal(0, value.Dimensions);
        return value.item<float>();
    }

    private static void AssertRelative(double expected, double actual, double tolerance = 1e-5) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void BinaryCrossentropy_OnProbabilities_ClipsAtKerasEpsilon_AndAddsEpsilonInsideTheLog()
    {
        var p = new[] { 0.9, 0.2, 1.0, 0.0 };
        var t = new[] { 1.0, 0.0, 0.0, 1.0 };
        using var output = tensor(p.Select(v => (float)v).ToArray(), new long[] { 4, 1 });
        using var target = tensor(t.Select(v => (float)v).ToArray(), new long[] { 4, 1 });

        var expected = p.Zip(t, (pi, ti) =>
        {
            var c = Clip(pi);
            return -((ti * Math.Log(c + Eps)) + ((1 - ti) * Math.Log(1 - c + Eps)));
        }).Average();

        // The two saturated rows cost about 15.3 and 15.4: finite because of the clip, and not the 15.9 / 16.1 a log
        // without the added epsilon would give.
        AssertRelative(expected, Compute("binary_crossentropy", false, output, target));
        Assert.InRange(expected, 7.7, 7.8);
    }

    [Fact]
    public void BinaryCrossentropy_FromLogits_IsTheStableSigmoidCrossEntropy_WithoutClipping()
    {
        var z = new[] { 2.0, -1.0, 30.0, -30.0 };
        var t = new[] { 1.0, 0.0, 0.0, 1.0 };
        using var output = tensor(z.Select(v => (float)v).ToArray(), new long[] { 4, 1 });
        using var target = tensor(t.Select(v => (float)v).ToArray(), new long[] { 4, 1 });

        // max(z, 0) - z t + log(1 + e^-|z|): the wrong-way logits of ±30 cost 30 each, more than clipping would allow.
        var expected = z.Zip(t, (zi, ti) => Math.Max(zi, 0) - (zi * ti) + Math.Log(1 + Math.Exp(-Math.Abs(zi)))).Average();

        AssertRelative(expected, Compute("binary_crossentropy", true, output, target));
        Assert.True(expected > 15);
    }

    [Fact]
    public void BinaryCrossentropy_AcceptsTargetsWithoutTheTrailingUnitAxis()
    {
        using var output = tensor(new[] { 0.3f, 0.8f }, new long[] { 2, 1 });
        using var flat = tensor(new[] { 0f, 1f });
        using var column = tensor(new[] { 0f, 1f }, new long[] { 2, 1 });

        Assert.Equal(Compute("binary_crossentropy", false, output, column), Compute("binary_crossentropy", false, output, flat));
    }

    [Fact]
    public void BinaryCrossentropy_CastsIntegerTargets()
    {
        using var output = tensor(new[] { 0.3f, 0.8f }, new long[] { 2, 1 });
        using var floats = tensor(new[] { 0f, 1f }, new long[] { 2, 1 });
        using var longs = tensor(new[] { 0L, 1L }, new long[] { 2, 1 });

        Assert.Equal(Compute("binary_crossentropy", false, output, floats), Compute("binary_crossentropy", false, output, longs));
    }

    [Fact]
    public void CategoricalCrossentropy_OnProbabilities_NormalizesEachRow_ThenClips()
    {
        var p = new[,] { { 0.2, 0.3, 0.5 }, { 2, 1, 1 }, { 1, 0, 0 }, { 0.2, 0.3, 0.5 } };
        var t = new[,] { { 0.0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 0.5, 0.5, 0 } };
        using var output = tensor(p.Cast<double>().Select(v => (float)v).ToArray(), new long[] { 4, 3 });
        using var target = tensor(t.Cast<double>().Select(v => (float)v).ToArray(), new long[] { 4, 3 });

        var rows = new[]
        {
            -Math.Log(0.5),                                  // one-hot on the 0.5 class
            -Math.Log(0.5),                                  // [2, 1, 1] is [0.5, 0.25, 0.25] after normalizing
            -Math.Log(F(Eps)),                               // a zero probability on the true class: clipped to 1e-7
            -((0.5 * Math.Log(0.2)) + (0.5 * Math.Log(0.3))), // soft target
        };

        AssertRelative(rows.Average(), Compute("categorical_crossentropy", false, output, target));
    }

    [Fact]
    public void CategoricalCrossentropy_FromLogits_UsesLogSoftmax()
    {
        using var output = tensor(new[] { 1f, 2f, 3f, 0f, 0f, 5f }, new long[] { 2, 3 });
        using var target = tensor(new[] { 0f, 0f, 1f, 1f, 0f, 0f }, new long[] { 2, 3 });

        var lse1 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        var lse2 = Math.Log(1 + 1 + Math.Exp(5));
        var expected = ((lse1 - 3) + (lse2 - 0)) / 2;

        AssertRelative(expected, Compute("categorical_crossentropy", true, output, target));
    }

    [Fact]
    public void SparseCategoricalCrossentropy_OverTimeSteps_AveragesEveryPositionOfEveryExample()
    {
        // [B=2, T=3, V=4] probabilities with [2, 3] int64 targets.
        var p = new[]
        {
            0.1, 0.2, 0.3, 0.4,   0.7, 0.1, 0.1, 0.1,   0.25, 0.25, 0.25, 0.25,
            0.0, 0.5, 0.5, 0.0,   0.05, 0.05, 0.8, 0.1, 0.6, 0.3, 0.05, 0.05,
        };
        var y = new long[] { 3, 0, 2, 0, 2, 1 };
        using var output = tensor(p.Select(v => (float)v).ToArray(), new long[] { 2, 3, 4 });
        using var target = tensor(y, new long[] { 2, 3 });

        var expected = y.Select((c, i) => -Math.Log(Clip(p[(i * 4) + (int)c]))).Average();

        // Position (1, 0) has probability 0 on its class: clipped to 1e-7, it costs 16.1 instead of infinity.
        AssertRelative(expected, Compute("sparse_categorical_crossentropy", false, output, target));
        Assert.InRange(expected, 3.0, 3.5);
    }

    [Fact]
    public void SparseCategoricalCrossentropy_FromLogits_AcceptsIdsWithOrWithoutTrailingAxis()
    {
        using var output = tensor(new[] { 1f, 2f, 3f, 0f, 0f, 5f }, new long[] { 2, 3 });
        using var flat = tensor(new[] { 2L, 0L });
        using var column = tensor(new[] { 2L, 0L }, new long[] { 2, 1 });

        var lse1 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        var lse2 = Math.Log(1 + 1 + Math.Exp(5));
        var expected = ((lse1 - 3) + lse2) / 2;

        AssertRelative(expected, Compute("sparse_categorical_crossentropy", true, output, flat));
        AssertRelative(expected, Compute("sparse_categorical_crossentropy", true, output, column));
    }

    [Fact]
    public void MeanSquaredError_IsTheMeanOverEveryElement()
    {
        using var output = tensor(new[] { 1f, 2f, 3f, 4f }, new long[] { 2, 2 });
        using var target = tensor(new[] { 1f, 0f, 0f, 4f }, new long[] { 2, 2 });

        Assert.Equal(3.25, Compute("mse", false, output, target), 6);
        Assert.Equal(3.25, Compute("mean_squared_error", false, output, target), 6);
    }

    [Fact]
    public void TheLossKeepsTheGraph_SoGradientsFlowToTheOutput()
    {
        using var output = tensor(new[] { 0.3f, 0.8f }, new long[] { 2, 1 }).requires_grad_();
        using var target = tensor(new[] { 0f, 1f }, new long[] { 2, 1 });

        using var loss = LossFunction.Create("binary_crossentropy").Compute(output, target);
        loss.backward();

        using var grad = output.grad!;
        Assert.True(grad.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData("binary_crossentropy", new long[] { 4, 1 }, new long[] { 4, 2 }, "[4, 1] (or [4])")]
    [InlineData("categorical_crossentropy", new long[] { 4, 3 }, new long[] { 4, 2 }, "[4, 3]")]
    [InlineData("sparse_categorical_crossentropy", new long[] { 2, 5, 7 }, new long[] { 2, 7 }, "[2, 5]")]
    [InlineData("mse", new long[] { 4, 2 }, new long[] { 4 }, "[4, 2]")]
    public void MismatchedShapes_NameTheLossAndBothShapes(string loss, long[] outputShape, long[] targetShape, string expected)
    {
        using var output = full(outputShape, 0.5f);
        using var target = loss == "sparse_categorical_crossentropy" ? zeros(targetShape, ScalarType.Int64) : zeros(targetShape);

        var error = Assert.Throws<ArgumentException>(() => LossFunction.Create(loss).Compute(output, target));

        Assert.Contains(loss, error.Message, StringComparison.Ordinal);
        Assert.Contains($"[{string.Join(", ", outputShape)}]", error.Message, StringComparison.Ordinal);
        Assert.Contains($"[{string.Join(", ", targetShape)}]", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BinaryCrossentropy", "binary_crossentropy")]
    [InlineData("CategoricalCrossentropy", "categorical_crossentropy")]
    [InlineData("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy")]
    [InlineData("MeanSquaredError", "mse")]
    [InlineData("mean_squared_error", "mse")]
    [InlineData("MSE", "mse")]
    public void KerasClassNamesAndAliases_CreateTheLoss(string spelling, string canonical)
    {
        var loss = LossFunction.Create(spelling);

        Assert.Equal(canonical, loss.Name);
        Assert.Equal(LossFunction.Create(canonical).GetType(), loss.GetType());
        new TrainingOptions { Loss = spelling }.Validate();
    }

    [Theory]
    [InlineData("binarycrossentropy")]
    [InlineData("Binary_Crossentropy")]
    [InlineData("Mse")]
    public void LossNames_AreCaseSensitive_AsInKeras(string spelling) =>
        Assert.Throws<ArgumentException>(() => LossFunction.Create(spelling));

    [Fact]
    public void UnknownLoss_NamesItAndTheAllowedOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => LossFunction.Create("binary_crossentropyy"));

        Assert.Contains("'binary_crossentropyy'", error.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mse" })
        {
            Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        }
    }
}
