using System;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Convolution;

public sealed class ConvLstm2DTests
{
    /// <summary>The Reuters notebook's ConvLSTM2D(40, (3, 3), padding='same', return_sequences=True) over (15, 40, 40, 1) frames.</summary>
    [Fact]
    public void KerasShapesAndParameterCount()
    {
        using var scope = NewDisposeScope();
        var layer = new ConvLSTM2D(1, 40, 3, 3, Paddings.Same, returnSequences: true);

        Assert.Equal(59_200, layer.parameters().Sum(p => p.numel()));
        Assert.Equal((40L, 40L), layer.OutputSize(40, 40));
        Assert.Equal(new long[] { 1, 15, 40, 40, 40 }, layer.forward(zeros(new long[] { 1, 15, 40, 40, 1 })).shape);
        Assert.Equal((38L, 38L), new ConvLSTM2D(1, 40, 3, 3).OutputSize(40, 40));
    }

    [Theory]
    [InlineData("same", true, "hard_sigmoid")]
    [InlineData("valid", true, "hard_sigmoid")]
    [InlineData("valid", false, "sigmoid")]
    [InlineData("same", false, "sigmoid")]
    public void Forward_MatchesAFloat64Loop(string padding, bool returnSequences, string gates)
    {
        using var scope = NewDisposeScope();
        manual_seed(41);
        const int batch = 2, steps = 3, rows = 4, columns = 5, channels = 2, filters = 3, kernel = 3;
        var layer = new ConvLSTM2D(channels, filters, kernel, kernel, padding, returnSequences, gates);
        using (no_grad())
        {
            layer.bias!.uniform_(-0.5, 0.5); // exercise every gate's bias, not only the forget gate's 1
        }

        var x = randn(new long[] { batch, steps, rows, columns, channels });

        var expected = Reference(TensorAssert.Values(x), TensorAssert.Values(layer.weight_ih), TensorAssert.Values(layer.weight_hh),
            TensorAssert.Values(layer.bias!), batch, steps, rows, columns, channels, filters, kernel, padding == "same", returnSequences, gates);

        TensorAssert.Close(expected, layer.forward(x), 1e-5);
    }

    [Fact]
    public void KerasInitialization_OrthogonalRecurrentKernel_ForgetBiasOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var layer = new ConvLSTM2D(2, 4, 3, 3);

        // Keras's [rows·cols·filters, 4·filters] = [36, 16] view has orthonormal columns.
        var matrix = layer.weight_hh.permute(2, 3, 1, 0).reshape(36, 16);
        TensorAssert.Close(eye(16), matrix.t().matmul(matrix), 1e-5);
        var bias = TensorAssert.Values(layer.bias!);
        Assert.Equal(new double[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, bias);
    }

    [Fact]
    public void Rank4Input_IsRefusedNamingTheExpectedShape()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new ConvLSTM2D(1, 4, 3, 3).forward(zeros(2, 10, 10, 1)));
        Assert.Equal("ConvLSTM2D(4, (3, 3)): expects [batch, time, rows, cols, 1] float32, got [2, 10, 10, 1] float32", error.Message);
    }

    /// <summary>
    /// Keras's ConvLSTMCell written out: gates z = conv(x, W) + conv(h, U) + b (input conv padded as asked, recurrent
    /// conv 'same'), i, f, o through the gate activation, c' = f·c + i·tanh(z_c), h' = o·tanh(c'); channels last.
    /// </summary>
    private static double[] Reference(double[] x, double[] w, double[] u, double[] b, int batch, int steps, int rows, int columns, int channels,
        int filters, int kernel, bool same, bool returnSequences, string gates)
    {
        Func<double, double> gate = gates == "hard_sigmoid" ? v => Math.Clamp((0.2 * v) + 0.5, 0, 1) : v => 1 / (1 + Math.Exp(-v));
        var pad = same ? (kernel - 1) / 2 : 0;
        var (outRows, outColumns) = same ? (rows, columns) : (rows - kernel + 1, columns - kernel + 1);
        var output = returnSequences ? new double[batch * steps * outRows * outColumns * filters] : new double[batch * outRows * outColumns * filters];
        for (var n = 0; n < batch; n++)
        {
            var h = new double[outRows, outColumns, filters];
            var c = new double[outRows, outColumns, filters];
            for (var t = 0; t < steps; t++)
            {
                var z = new double[outRows, outColumns, 4 * filters];
                for (var r = 0; r < outRows; r++)
                {
                    for (var q = 0; q < outColumns; q++)
                    {
                        for (var g = 0; g < 4 * filters; g++)
                        {
                            var sum = b[g];
                            for (var kr = 0; kr < kernel; kr++)
                            {
                                for (var kc = 0; kc < kernel; kc++)
                                {
                                    var (ir, ic) = (r + kr - pad, q + kc - pad);
                                    if (ir >= 0 && ir < rows && ic >= 0 && ic < columns)
                                    {
                                        for (var ch = 0; ch < channels; ch++)
                                        {
                                            sum += x[((((n * steps) + t) * rows + ir) * columns + ic) * channels + ch] * w[((g * channels + ch) * kernel + kr) * kernel + kc];
                                        }
                                    }

                                    // The recurrent convolution is always 'same' over the state's own frame size.
                                    var (hr, hc) = (r + kr - ((kernel - 1) / 2), q + kc - ((kernel - 1) / 2));
                                    if (hr >= 0 && hr < outRows && hc >= 0 && hc < outColumns)
                                    {
                                        for (var f = 0; f < filters; f++)
                                        {
                                            sum += h[hr, hc, f] * u[((g * filters + f) * kernel + kr) * kernel + kc];
                                        }
                                    }
                                }
                            }

                            z[r, q, g] = sum;
                        }
                    }
                }

                for (var r = 0; r < outRows; r++)
                {
                    for (var q = 0; q < outColumns; q++)
                    {
                        for (var f = 0; f < filters; f++)
                        {
                            var i = gate(z[r, q, f]);
                            var forget = gate(z[r, q, filters + f]);
                            var o = gate(z[r, q, (3 * filters) + f]);
                            c[r, q, f] = (forget * c[r, q, f]) + (i * Math.Tanh(z[r, q, (2 * filters) + f]));
                            h[r, q, f] = o * Math.Tanh(c[r, q, f]);
                            if (returnSequences)
                            {
                                output[((((n * steps) + t) * outRows + r) * outColumns + q) * filters + f] = h[r, q, f];
                            }
                            else if (t == steps - 1)
                            {
                                output[((n * outRows + r) * outColumns + q) * filters + f] = h[r, q, f];
                            }
                        }
                    }
                }
            }
        }

        return output;
    }
}
