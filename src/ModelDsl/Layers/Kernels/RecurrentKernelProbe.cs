using System;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// A small fixed input for one layer (2 rows of 3 steps, one row partly masked, optionally a non-zero initial state) and
/// the layer's float64 outputs for it, computed from the layer's own weights: what one check compares a route against. The layer is
/// only read, and nothing is drawn from torch's random generator, so a check changes no seeded result.
/// </summary>
internal sealed class RecurrentKernelProbe : IDisposable
{
    private const int Batch = 2;
    private const int Steps = 3;

    // Row 0 reads every step; row 1 skips its first, so packing has to move its steps.
    private static readonly bool[,] MaskValues = { { true, true, true }, { false, true, true } };

    private readonly RecurrentLayer _layer;
    private readonly Tensor _input;
    private readonly Tensor _mask;
    private readonly Tensor[] _initial;

    // The reference outputs by (packed, from the initial state).
    private readonly (double[,,] Sequence, double[,] Last)[,] _expected = new (double[,,], double[,])[2, 2];

    public RecurrentKernelProbe(RecurrentLayer layer, ScalarType dtype)
    {
        _layer = layer;
        var weights = layer.KernelParameters();
        var reference = new Float64RecurrentReference(
            layer.KernelKind,
            Matrix(weights["weight_ih_l0"]),
            Matrix(weights["weight_hh_l0"]),
            weights.TryGetValue("bias_ih_l0", out var inputBias) ? Values(inputBias) : null,
            weights.TryGetValue("bias_hh_l0", out var recurrentBias) ? Values(recurrentBias) : null);

        var features = (int)layer.InputSize;
        var x = new double[Batch, Steps, features];
        var flat = new double[x.Length];
        for (var i = 0; i < flat.Length; i++)
        {
            // Smooth, sign-changing, every feature non-zero at every step: a weight column a kernel ignores shows.
            flat[i] = Math.Sin((0.731 * i) + 0.25) + (0.2 * Math.Cos(1.93 * i));
        }

        Buffer.BlockCopy(flat, 0, x, 0, flat.Length * sizeof(double));

        // A state a stateful layer might carry: small, mixed signs, different per row and unit (and for c).
        var units = (int)layer.Units;
        var initial = new double[layer.StateCount][,];
        for (var s = 0; s < initial.Length; s++)
        {
            initial[s] = new double[Batch, units];
            for (var i = 0; i < Batch * units; i++)
            {
                initial[s][i / units, i % units] = 0.5 * Math.Sin((1.37 * i) + (0.9 * s) + 0.4);
            }
        }

        for (var packed = 0; packed < 2; packed++)
        {
            for (var fromState = 0; fromState < 2; fromState++)
            {
                _expected[packed, fromState] = reference.Run(x, packed == 1 ? MaskValues : null, fromState == 1 ? initial : null);
            }
        }

        var device = weights["weight_ih_l0"].device;
        using var input64 = tensor(flat, new long[] { Batch, Steps, features }, dtype: ScalarType.Float64);
        _input = input64.to(dtype, device).DetachFromDisposeScope();
        _mask = tensor(MaskValues.Cast<bool>().ToArray(), new long[] { Batch, Steps }, device: device).DetachFromDisposeScope();
        _initial = Array.ConvertAll(initial, state =>
        {
            using var state64 = tensor(state.Cast<double>().ToArray(), new long[] { Batch, units }, dtype: ScalarType.Float64);
            return state64.to(dtype, device).DetachFromDisposeScope();
        });
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
        var (sequence, states) = _layer.Run(_input, mask, wantSequence: true, route, fault, variant.InitialState ? _initial : null);
        var (expectedSequence, expectedLast) = _expected[variant.Packed ? 1 : 0, variant.InitialState ? 1 : 0];
        return Math.Max(Difference(expectedSequence, sequence!), Difference(expectedLast, states[0]));
    }

    public void Dispose()
    {
        _input.Dispose();
        _mask.Dispose();
        Array.ForEach(_initial, state => state.Dispose());
    }

    private static double Difference(Array expected, Tensor actual)
    {
        var values = Values(actual);
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

    private static double[,] Matrix(Tensor weight)
    {
        var (rows, columns) = ((int)weight.shape[0], (int)weight.shape[1]);
        var flat = Values(weight);
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }

    private static double[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }
}
