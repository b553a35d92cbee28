using System;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Convolution;

public sealed class Conv1DTests
{
    /// <summary>Chollet's text CNN: 500 ids → Embedding(10000, 128) → Conv1D(32, 7) → MaxPooling1D(5) → Conv1D(32, 7), as Keras counts them.</summary>
    [Fact]
    public void ParameterCounts_AndLengths_AreKeras()
    {
        using var first = new Conv1D(128, 32, 7, Activations.Relu);
        using var pool = new MaxPooling1D(5);
        using var second = new Conv1D(32, 32, 7, Activations.Relu);

        Assert.Equal(28_704, first.parameters().Sum(p => p.numel()));
        Assert.Equal(7_200, second.parameters().Sum(p => p.numel()));
        Assert.Equal(494, first.OutputLength(500));
        Assert.Equal(98, pool.OutputLength(494));
        Assert.Equal(92, second.OutputLength(98));
    }

    [Theory]
    [InlineData(10, 3, 1, 1, "valid", 8)]
    [InlineData(10, 3, 2, 1, "valid", 4)]
    [InlineData(10, 3, 1, 2, "valid", 6)]
    [InlineData(10, 3, 3, 1, "same", 4)]
    [InlineData(10, 4, 1, 1, "same", 10)]
    [InlineData(10, 3, 1, 3, "causal", 10)]
    [InlineData(10, 3, 4, 1, "causal", 3)]
    [InlineData(3, 5, 1, 1, "valid", -1)]
    public void OutputLength_FollowsKerasConvOutputLength(long length, long kernel, long strides, long dilation, string padding, long expected)
    {
        using var conv = new Conv1D(2, 3, kernel, padding: padding, strides: strides, dilationRate: dilation);

        Assert.Equal(expected, conv.OutputLength(length));
    }

    [Theory]
    [InlineData("valid", 1, 1)]
    [InlineData("valid", 2, 1)]
    [InlineData("valid", 1, 2)]
    [InlineData("same", 1, 1)]
    [InlineData("same", 2, 1)]
    [InlineData("same", 3, 1)]
    [InlineData("same", 1, 2)]
    [InlineData("causal", 1, 1)]
    [InlineData("causal", 1, 3)]
    [InlineData("causal", 2, 1)]
    public void Forward_MatchesAFloat64Loop_ForEveryPaddingStrideAndDilation(string padding, long strides, long dilation)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        const int batch = 2, length = 9, channels = 3, filters = 4, kernel = 4;
        var conv = new Conv1D(channels, filters, kernel, Activations.Tanh, padding, strides, dilation);
        var x = randn(batch, length, channels);

        var y = conv.forward(x);

        var expected = Reference(TensorAssert.Values(x), TensorAssert.Values(conv.weight), TensorAssert.Values(conv.bias!),
            batch, length, channels, filters, kernel, strides, dilation, padding);
        Assert.Equal(new long[] { batch, expected.Length / (batch * filters), filters }, y.shape);
        TensorAssert.Close(expected, y, 1e-5);
    }

    [Fact]
    public void Causal_OutputAtAStep_DependsOnlyOnEarlierSteps()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var conv = new Conv1D(2, 3, 3, padding: "causal", dilationRate: 2);
        var x = randn(1, 8, 2);
        var changed = x.clone();
        changed[0, 5] = randn(2);

        var before = conv.forward(x);
        var after = conv.forward(changed);

        TensorAssert.Close(before.narrow(1, 0, 5), after.narrow(1, 0, 5), 0);
        Assert.True(before.narrow(1, 5, 1).sub(after.narrow(1, 5, 1)).abs().max().item<float>() > 0);
    }

    [Fact]
    public void KerasInitializer_DrawsGlorotOverTheReceptiveField_AndZeroBias()
    {
        manual_seed(13);
        using var conv = new Conv1D(128, 32, 7);

        KerasInitializer.Apply(conv);

        // Keras: fan_in = 7·128, fan_out = 7·32, limit √(6 / (896 + 224)) ≈ 0.0732.
        var limit = Math.Sqrt(6.0 / (7 * 128 + 7 * 32));
        var weights = TensorAssert.Values(conv.weight);
        Assert.InRange(weights.Max(w => Math.Abs(w)), limit * 0.98, limit);
        Assert.All(TensorAssert.Values(conv.bias!), b => Assert.Equal(0, b));
    }

    [Fact]
    public void WrongInput_NamesTheLayerAndTheExpectedShape()
    {
        using var conv = new Conv1D(3, 4, 5);
        using var ids = zeros(2, 9, dtype: ScalarType.Int64);
        using var shortOne = zeros(2, 4, 3);

        var rank = Assert.Throws<ArgumentException>(() => conv.forward(ids));
        var tooShort = Assert.Throws<ArgumentException>(() => conv.forward(shortOne));

        Assert.Equal("Conv1D(4, 5): expects [batch, steps, 3] float32, got [2, 9] int64", rank.Message);
        Assert.Contains("a sequence of 4 steps is shorter than the kernel's span of 5 steps", tooShort.Message);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("Same")]
    public void UnknownPadding_IsRefused(string padding)
    {
        var error = Assert.Throws<ArgumentException>(() => new Conv1D(3, 4, 5, padding: padding));
        Assert.Contains($"unknown padding '{padding}'; expected 'valid', 'same' or 'causal'", error.Message);
    }

    [Fact]
    public void StridesAndDilationBothAboveOne_AreRefused_AsInKeras()
    {
        var error = Assert.Throws<ArgumentException>(() => new Conv1D(3, 4, 5, strides: 2, dilationRate: 2));
        Assert.Contains("only one of them above 1", error.Message);
    }

    /// <summary>
    /// Keras's definition, written out: output step t reads input steps <c>t·strides + j·dilation - before</c> (zero
    /// outside the sequence) where <c>before</c> is 0 (valid), TensorFlow's SAME split or <c>(kernel-1)·dilation</c>
    /// (causal); the kernel is libtorch's <c>[filters, channels, kernel]</c>.
    /// </summary>
    private static double[] Reference(double[] x, double[] w, double[] b, int batch, int length, int channels, int filters, int kernel,
        long strides, long dilation, string padding)
    {
        var span = (kernel - 1) * dilation + 1;
        var covered = padding == "valid" ? length - span + 1 : length;
        var outLength = (covered + strides - 1) / strides;
        var before = padding switch
        {
            "same" => Math.Max((outLength - 1) * strides + span - length, 0) / 2,
            "causal" => span - 1,
            _ => 0,
        };
        var y = new double[batch * outLength * filters];
        for (var n = 0; n < batch; n++)
        {
            for (var t = 0; t < outLength; t++)
            {
                for (var f = 0; f < filters; f++)
                {
                    var sum = b[f];
                    for (var j = 0; j < kernel; j++)
                    {
                        var step = t * strides + j * dilation - before;
                        if (step < 0 || step >= length)
                        {
                            continue;
                        }

                        for (var c = 0; c < channels; c++)
                        {
                            sum += x[(n * length + step) * channels + c] * w[(f * channels + c) * kernel + j];
                        }
                    }

                    y[(n * outLength + t) * filters + f] = Math.Tanh(sum);
                }
            }
        }

        return y;
    }
}
