using System;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// The recurrent cells of Keras 2.0–2.2 (the defaults of every model saved then): GRU with <c>reset_after = false</c>
/// and <c>hard_sigmoid</c> gates on GRU and LSTM, against float64 loops of Keras's formulas over the layer's weights.
/// </summary>
public sealed class Keras2CellNumericsTests
{
    private const long Features = 5;
    private const long Units = 4;

    [Theory]
    [InlineData(RecurrentActivations.Sigmoid, false)]
    [InlineData(RecurrentActivations.HardSigmoid, false)]
    [InlineData(RecurrentActivations.Sigmoid, true)]
    public void GruResetBefore_MatchesKerasFormula(string gates, bool goBackwards)
    {
        using var scope = NewDisposeScope();
        manual_seed(31);
        var gru = new GRU(Features, Units, new RecurrentOptions { ResetAfter = false, RecurrentActivation = gates, ReturnSequences = true, GoBackwards = goBackwards });
        var x = randn(3, 6, Features);

        var expected = new ResetBeforeGru(gru, "cell", Gate(gates)).Run(Reference.Sequences(x), goBackwards);

        Reference.AssertClose(expected, gru.forward(x));
    }

    [Fact]
    public void GruResetAfter_WithHardSigmoid_MatchesKerasFormula()
    {
        using var scope = NewDisposeScope();
        manual_seed(32);
        var gru = new GRU(Features, Units, new RecurrentOptions { RecurrentActivation = RecurrentActivations.HardSigmoid, ReturnSequences = true });
        var x = randn(3, 6, Features).mul(3); // reach the clipped parts of hard_sigmoid

        var expected = new ResetAfterGru(gru, "cell", Gate(RecurrentActivations.HardSigmoid)).Run(Reference.Sequences(x));

        Reference.AssertClose(expected, gru.forward(x));
    }

    [Fact]
    public void Lstm_WithHardSigmoid_MatchesKerasFormula()
    {
        using var scope = NewDisposeScope();
        manual_seed(33);
        var lstm = new LSTM(Features, Units, new RecurrentOptions { RecurrentActivation = RecurrentActivations.HardSigmoid, ReturnSequences = true });
        var x = randn(3, 6, Features).mul(3);

        var expected = new HardSigmoidLstm(lstm, "cell").Run(Reference.Sequences(x));

        Reference.AssertClose(expected, lstm.forward(x));
    }

    [Fact]
    public void HardSigmoid_IsKeras2s_PiecewiseLinear()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -5f, -2.5f, -1f, 0f, 1f, 2.5f, 5f });

        var y = RecurrentGates.Apply(RecurrentActivations.HardSigmoid, x);

        Reference.AssertClose(new[] { 0.0, 0.0, 0.3, 0.5, 0.7, 1.0, 1.0 }, y);
    }

    [Fact]
    public void GruResetBefore_HasKerasParameterCount_OneBias()
    {
        using var reset = new GRU(10, 4, new RecurrentOptions { ResetAfter = false });
        using var resetAfter = new GRU(10, 4);

        // Keras: 3·(F·H + H·H + H) = 180 with reset_after = false; 3·(F·H + H·H + 2H) = 192 with it.
        Assert.Equal(180, reset.parameters().Sum(p => p.numel()));
        Assert.Equal(192, resetAfter.parameters().Sum(p => p.numel()));
        Assert.Equal(new[] { "cell.weight_ih_l0", "cell.weight_hh_l0", "cell.bias_ih_l0" }, reset.named_parameters().Select(p => p.name).ToArray());
    }

    [Fact]
    public void GruResetBefore_WithAMask_KeepsTheStateOverPaddedSteps()
    {
        using var scope = NewDisposeScope();
        manual_seed(34);
        var gru = new GRU(Features, Units, new RecurrentOptions { ResetAfter = false });
        var x = randn(2, 5, Features);
        var mask = tensor(new[] { true, true, true, false, false, true, true, true, true, true }).reshape(2, 5);

        var masked = gru.forward(x, mask);
        var firstThree = gru.forward(x.narrow(1, 0, 3));

        ModelDsl.Tests.Layers.TensorAssert.Close(firstThree.narrow(0, 0, 1), masked.narrow(0, 0, 1), Reference.Tolerance);
    }

    [Fact]
    public void GruResetBefore_Trains_GradientsReachEveryWeight()
    {
        using var scope = NewDisposeScope();
        manual_seed(35);
        var gru = new GRU(Features, Units, new RecurrentOptions { ResetAfter = false, RecurrentActivation = RecurrentActivations.HardSigmoid });
        gru.train();

        gru.forward(randn(2, 4, Features)).sum().backward();

        Assert.All(gru.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void KerasInitializer_GivesTheResetBeforeGru_GlorotOrthogonalAndZeroBias()
    {
        using var scope = NewDisposeScope();
        manual_seed(36);
        var gru = new GRU(Features, Units, new RecurrentOptions { ResetAfter = false });

        KerasInitializer.Apply(gru);

        var recurrent = Reference.Parameter(gru, "cell.weight_hh_l0");
        var gram = recurrent.t().matmul(recurrent);
        ModelDsl.Tests.Layers.TensorAssert.Close(eye(Units), gram, 1e-5);
        Assert.All(Reference.Values(Reference.Parameter(gru, "cell.bias_ih_l0")), b => Assert.Equal(0, b));
    }

    [Fact]
    public void GateOptions_OnTheWrongLayer_AreRefused()
    {
        Assert.Contains("SimpleRNN has no gates", Assert.Throws<ArgumentException>(() => new SimpleRNN(3, 2, new RecurrentOptions { RecurrentActivation = RecurrentActivations.HardSigmoid })).Message);
        Assert.Contains("ResetAfter is a GRU option", Assert.Throws<ArgumentException>(() => new LSTM(3, 2, new RecurrentOptions { ResetAfter = false })).Message);
        Assert.Contains("recurrent activation 'relu' is not supported; supported: sigmoid, hard_sigmoid",
            Assert.Throws<ArgumentException>(() => new GRU(3, 2, new RecurrentOptions { RecurrentActivation = "relu" })).Message);
    }

    private static Func<double, double> Gate(string name) =>
        name == RecurrentActivations.HardSigmoid ? x => Math.Clamp((0.2 * x) + 0.5, 0, 1) : Reference.Sigmoid;

    /// <summary>Keras 2's GRU with reset_after = false: n = tanh(W_n·x + b_n + U_n·(r ⊙ h)), one bias, gate rows r, z, n.</summary>
    private sealed class ResetBeforeGru(nn.Module module, string layer, Func<double, double> gate)
    {
        private readonly double[,] _wih = Reference.Matrix(Reference.Parameter(module, $"{layer}.weight_ih_l0"));
        private readonly double[,] _whh = Reference.Matrix(Reference.Parameter(module, $"{layer}.weight_hh_l0"));
        private readonly double[] _bias = Reference.Values(Reference.Parameter(module, $"{layer}.bias_ih_l0"));

        public double[,,] Run(double[,,] x, bool goBackwards)
        {
            var (batch, steps, units) = (x.GetLength(0), x.GetLength(1), _whh.GetLength(1));
            var outputs = new double[batch, steps, units];
            for (var b = 0; b < batch; b++)
            {
                var h = new double[units];
                for (var k = 0; k < steps; k++)
                {
                    var input = Reference.Affine(_wih, Reference.Step(x, b, goBackwards ? steps - 1 - k : k), _bias);
                    var recurrent = Reference.Affine(_whh, h, null);
                    var r = Enumerable.Range(0, units).Select(u => gate(input[u] + recurrent[u])).ToArray();
                    var z = Enumerable.Range(0, units).Select(u => gate(input[units + u] + recurrent[units + u])).ToArray();
                    var resetState = h.Select((value, u) => r[u] * value).ToArray();
                    var candidate = new double[units];
                    for (var u = 0; u < units; u++)
                    {
                        var sum = input[(2 * units) + u];
                        for (var v = 0; v < units; v++)
                        {
                            sum += _whh[(2 * units) + u, v] * resetState[v];
                        }

                        candidate[u] = Math.Tanh(sum);
                    }

                    h = Enumerable.Range(0, units).Select(u => (z[u] * h[u]) + ((1 - z[u]) * candidate[u])).ToArray();
                    for (var u = 0; u < units; u++)
                    {
                        outputs[b, k, u] = h[u];
                    }
                }
            }

            return outputs;
        }
    }

    /// <summary>tf.keras's GRU (reset_after = true) with a chosen gate activation.</summary>
    private sealed class ResetAfterGru(nn.Module module, string layer, Func<double, double> gate) : RecurrentReference(module, layer, gates: 3)
    {
        protected override (double[] H, double[] C) Step(double[] input, double[] recurrent, double[] h, double[] c)
        {
            var next = new double[Units];
            for (var u = 0; u < Units; u++)
            {
                var r = gate(input[u] + recurrent[u]);
                var z = gate(input[Units + u] + recurrent[Units + u]);
                var n = Math.Tanh(input[(2 * Units) + u] + (r * recurrent[(2 * Units) + u]));
                next[u] = ((1 - z) * n) + (z * h[u]);
            }

            return (next, c);
        }
    }

    /// <summary>Keras's LSTM with hard_sigmoid on the input, forget and output gates (rows i, f, g, o).</summary>
    private sealed class HardSigmoidLstm(nn.Module module, string layer) : RecurrentReference(module, layer, gates: 4)
    {
        protected override (double[] H, double[] C) Step(double[] input, double[] recurrent, double[] h, double[] c)
        {
            var gate = Keras2CellNumericsTests.Gate(RecurrentActivations.HardSigmoid);
            var (nextH, nextC) = (new double[Units], new double[Units]);
            for (var u = 0; u < Units; u++)
            {
                var i = gate(input[u] + recurrent[u]);
                var f = gate(input[Units + u] + recurrent[Units + u]);
                var g = Math.Tanh(input[(2 * Units) + u] + recurrent[(2 * Units) + u]);
                var o = gate(input[(3 * Units) + u] + recurrent[(3 * Units) + u]);
                nextC[u] = (f * c[u]) + (i * g);
                nextH[u] = o * Math.Tanh(nextC[u]);
            }

            return (nextH, nextC);
        }
    }
}
