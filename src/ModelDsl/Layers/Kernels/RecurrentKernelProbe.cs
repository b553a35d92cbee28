using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// A tiny layer of one kind with fixed weights and inputs, and its float64 reference outputs, unmasked and masked: one
/// shape of the kernel check. Deterministic and free of torch's random generator, so checking changes no seeded result.
/// </summary>
internal sealed class RecurrentKernelProbe : IDisposable
{
    private readonly RecurrentLayer _layer;
    private readonly Tensor _input;
    private readonly Tensor _mask;
    private readonly (double[,,] Sequence, double[,] Last) _expected;
    private readonly (double[,,] Sequence, double[,] Last) _expectedMasked;

    private RecurrentKernelProbe(RecurrentLayer layer, Tensor input, Tensor mask, Float64RecurrentReference reference, double[,,] x, bool[,] mask64)
    {
        _layer = layer;
        _input = input;
        _mask = mask;
        _expected = reference.Run(x, null);
        _expectedMasked = reference.Run(x, mask64);
    }

    /// <summary>Whether the probe's layer has biases.</summary>
    public bool UseBias => _layer.Options.UseBias;

    /// <summary>The probe's layer, for messages: e.g. <c>LSTM(33)</c>.</summary>
    public string DisplayName => _layer.DisplayName;

    /// <summary>A probe like <paramref name="template"/> (same kind and activation) with the given sizes.</summary>
    public static RecurrentKernelProbe Create(RecurrentLayer template, int inputSize, int units, int steps, int batch, bool useBias, ScalarType dtype)
    {
        var layer = template.CreateProbe(inputSize, units, useBias);
        try
        {
            layer.to(dtype);
            var weights = layer.KernelParameters();
            var scale = 1.5 / Math.Sqrt(inputSize + units);
            var index = 0;
            using (no_grad())
            {
                foreach (var name in new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" }.Where(weights.ContainsKey))
                {
                    var parameter = weights[name];
                    var values = Pattern(parameter.numel(), phase: ++index, scale);
                    using var source = tensor(values, parameter.shape, dtype: ScalarType.Float64);
                    parameter.copy_(source);
                }
            }

            var reference = new Float64RecurrentReference(
                template.KernelKind,
                Matrix(weights["weight_ih_l0"]),
                Matrix(weights["weight_hh_l0"]),
                weights.TryGetValue("bias_ih_l0", out var inputBias) ? Vector(inputBias) : null,
                weights.TryGetValue("bias_hh_l0", out var recurrentBias) ? Vector(recurrentBias) : null);

            var x = new double[batch, steps, inputSize];
            var flat = Pattern(x.Length, phase: 0, scale: 1.0);
            Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(double));

            // Real steps at the start, at the end and in between, so packing has to reorder rows and steps.
            var mask = new bool[batch, steps];
            for (var b = 0; b < batch; b++)
            {
                for (var t = 0; t < steps; t++)
                {
                    mask[b, t] = (b % 3) switch { 0 => true, 1 => t < steps - 2, _ => t % 2 == 1 };
                }
            }

            var input = tensor(flat, new long[] { batch, steps, inputSize }, dtype: ScalarType.Float64).to(dtype);
            var maskTensor = tensor(mask.Cast<bool>().ToArray(), new long[] { batch, steps });
            return new RecurrentKernelProbe(layer, input.DetachFromDisposeScope(), maskTensor.DetachFromDisposeScope(), reference, x, mask);
        }
        catch
        {
            layer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The largest difference between <paramref name="route"/>'s outputs (every step and the final state) and the float64
    /// reference, relative to <c>1 + |reference|</c>, for a call made as <paramref name="variant"/> says.
    /// </summary>
    public double Error(RecurrentKernelVariant variant, RecurrentKernelRoute route, FusedKernelFault? fault)
    {
        using var scope = NewDisposeScope();
        using var gradients = set_grad_enabled(variant.GradientsEnabled);
        var mask = variant.Packed ? _mask : null;
        var (sequence, last) = _layer.Run(_input, mask, wantSequence: true, route, fault);
        var (expectedSequence, expectedLast) = variant.Packed ? _expectedMasked : _expected;
        return Math.Max(Difference(expectedSequence, sequence!), Difference(expectedLast, last));
    }

    public void Dispose()
    {
        _layer.Dispose();
        _input.Dispose();
        _mask.Dispose();
    }

    private static double Difference(Array expected, Tensor actual)
    {
        var values = actual.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var reference = expected.Cast<double>().ToArray();
        if (values.Length != reference.Length)
        {
            return double.PositiveInfinity;
        }

        var worst = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var difference = Math.Abs(values[i] - reference[i]) / (1 + Math.Abs(reference[i]));
            worst = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(worst, difference);
        }

        return worst;
    }

    // Smooth, sign-changing values with no common period with the 32-wide blocks a kernel may tile by.
    private static double[] Pattern(long count, int phase, double scale)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = scale * Math.Sin((0.731 * i) + (1.37 * phase) + 0.25);
        }

        return values;
    }

    private static double[,] Matrix(Tensor weight)
    {
        var (rows, columns) = ((int)weight.shape[0], (int)weight.shape[1]);
        var flat = Vector(weight);
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }

    private static double[] Vector(Tensor parameter)
    {
        using var scope = NewDisposeScope();
        return parameter.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }
}
