using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using Xunit;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// Plain C# double-precision arithmetic over a module's own weights: the independent side of every
/// numerics test. Nothing here calls a libtorch kernel except to read values out of tensors.
/// </summary>
internal static class Reference
{
    /// <summary>The absolute tolerance between the float32 module and the float64 loops.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>The parameter called <paramref name="name"/> (e.g. <c>lstm.cell.weight_ih_l0</c>).</summary>
    public static Tensor Parameter(nn.Module module, string name)
    {
        foreach (var (parameterName, parameter) in module.named_parameters())
        {
            if (parameterName == name)
            {
                return parameter;
            }
        }

        throw new XunitException(
            $"no parameter '{name}'; the module has: {string.Join(", ", ParameterNames(module))}");
    }

    /// <summary>The names of all of <paramref name="module"/>'s parameters.</summary>
    public static IReadOnlyList<string> ParameterNames(nn.Module module) =>
        module.named_parameters().Select(p => p.name).ToList();

    /// <summary>The parameter as a float64 vector, or <c>null</c> when the module has no such parameter.</summary>
    public static double[]? OptionalVector(nn.Module module, string name) =>
        ParameterNames(module).Contains(name) ? Values(Parameter(module, name)) : null;

    /// <summary>Every element of <paramref name="tensor"/> as float64, row-major.</summary>
    public static double[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>A rank-2 tensor (e.g. a weight <c>[out, in]</c>) as a float64 matrix.</summary>
    public static double[,] Matrix(Tensor tensor)
    {
        Assert.Equal(2L, tensor.Dimensions);
        var rows = (int)tensor.shape[0];
        var columns = (int)tensor.shape[1];
        var values = Values(tensor);
        var matrix = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                matrix[r, c] = values[(r * columns) + c];
            }
        }

        return matrix;
    }

    /// <summary>A rank-3 tensor <c>[B, T, F]</c> as a float64 array.</summary>
    public static double[,,] Sequences(Tensor tensor)
    {
        Assert.Equal(3L, tensor.Dimensions);
        var (b, t, f) = ((int)tensor.shape[0], (int)tensor.shape[1], (int)tensor.shape[2]);
        var values = Values(tensor);
        var result = new double[b, t, f];
        for (var i = 0; i < b; i++)
        {
            for (var j = 0; j < t; j++)
            {
                for (var k = 0; k < f; k++)
                {
                    result[i, j, k] = values[(((i * t) + j) * f) + k];
                }
            }
        }

        return result;
    }

    /// <summary><c>W·x + b</c> for <c>W</c> of shape <c>[out, in]</c>; <paramref name="bias"/> may be absent.</summary>
    public static double[] Affine(double[,] weight, double[] x, double[]? bias)
    {
        var rows = weight.GetLength(0);
        var columns = weight.GetLength(1);
        Assert.Equal(columns, x.Length);
        var result = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var sum = bias is null ? 0.0 : bias[r];
            for (var c = 0; c < columns; c++)
            {
                sum += weight[r, c] * x[c];
            }

            result[r] = sum;
        }

        return result;
    }

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static double Relu(double x) => x > 0 ? x : 0.0;

    public static double[] Softmax(double[] x)
    {
        var max = x.Max();
        var exp = x.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(v => v / sum).ToArray();
    }

    /// <summary>Example <paramref name="b"/>, step <paramref name="t"/> of <c>[B, T, F]</c>.</summary>
    public static double[] Step(double[,,] sequences, int b, int t)
    {
        var features = new double[sequences.GetLength(2)];
        for (var f = 0; f < features.Length; f++)
        {
            features[f] = sequences[b, t, f];
        }

        return features;
    }

    /// <summary>Row <paramref name="b"/> of <c>[B, F]</c>.</summary>
    public static double[] Row(double[,] rows, int b)
    {
        var row = new double[rows.GetLength(1)];
        for (var f = 0; f < row.Length; f++)
        {
            row[f] = rows[b, f];
        }

        return row;
    }

    /// <summary>Step <c>T - 1</c> of every example: <c>[B, T, H] -> [B, H]</c>.</summary>
    public static double[,] LastStep(double[,,] sequences)
    {
        var (b, t, h) = (sequences.GetLength(0), sequences.GetLength(1), sequences.GetLength(2));
        var result = new double[b, h];
        for (var i = 0; i < b; i++)
        {
            for (var k = 0; k < h; k++)
            {
                result[i, k] = sequences[i, t - 1, k];
            }
        }

        return result;
    }

    /// <summary>Output <c>k</c> moved to position <c>T - 1 - k</c>: <c>[B, T, H]</c> with time reversed.</summary>
    public static double[,,] FlipSteps(double[,,] sequences)
    {
        var (b, t, h) = (sequences.GetLength(0), sequences.GetLength(1), sequences.GetLength(2));
        var flipped = new double[b, t, h];
        for (var i = 0; i < b; i++)
        {
            for (var k = 0; k < t; k++)
            {
                for (var u = 0; u < h; u++)
                {
                    flipped[i, t - 1 - k, u] = sequences[i, k, u];
                }
            }
        }

        return flipped;
    }

    /// <summary>The largest absolute difference between two arrays of the same shape.</summary>
    public static double MaxDifference(Array a, Array b)
    {
        Assert.Equal(Shape(a), Shape(b));
        return a.Cast<double>().Zip(b.Cast<double>(), (x, y) => Math.Abs(x - y)).Max();
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> has exactly the shape of <paramref name="expected"/> (a
    /// <c>double[]</c>, <c>double[,]</c> or <c>double[,,]</c>) and every element within <paramref name="tolerance"/>.
    /// </summary>
    public static void AssertClose(Array expected, Tensor actual, double tolerance = Tolerance)
    {
        Assert.Equal(Shape(expected), actual.shape);
        var actualValues = Values(actual);
        var expectedValues = expected.Cast<double>().ToArray();
        var worst = 0.0;
        var worstIndex = -1;
        for (var i = 0; i < expectedValues.Length; i++)
        {
            var difference = Math.Abs(expectedValues[i] - actualValues[i]);
            if (double.IsNaN(actualValues[i]) || difference > worst)
            {
                worst = double.IsNaN(actualValues[i]) ? double.PositiveInfinity : difference;
                worstIndex = i;
            }
        }

        if (worst > tolerance)
        {
            throw new XunitException(string.Create(
                CultureInfo.InvariantCulture,
                $"element {worstIndex} (row-major) of [{string.Join(", ", actual.shape)}]: expected {expectedValues[worstIndex]:R}, got {actualValues[worstIndex]:R} (|diff| {worst:E3} > {tolerance:E0})"));
        }
    }

    private static long[] Shape(Array array) =>
        Enumerable.Range(0, array.Rank).Select(d => (long)array.GetLength(d)).ToArray();
}

/// <summary>A recurrent cell stepped by hand over <c>[B, T, F]</c>, from a zero state, as Keras runs it.</summary>
internal abstract class RecurrentReference
{
    // Layer l0's torch parameters, gate rows stacked: W_ih [gates·H, F], W_hh [gates·H, H], biases [gates·H] or null.
    private readonly double[,] _wih;
    private readonly double[,] _whh;
    private readonly double[]? _bih;
    private readonly double[]? _bhh;

    /// <summary>
    /// Reads the torch parameters of the fused kernel at module path <paramref name="layer"/> (<c>lstm.cell</c> in a
    /// generated model, <c>bidirectional.forward_layer.cell</c> in a bidirectional one): <c>weight_ih_l0</c>,
    /// <c>weight_hh_l0</c> and, when the layer has them, <c>bias_ih_l0</c>, <c>bias_hh_l0</c>, whose rows stack
    /// <paramref name="gates"/> blocks of <see cref="Units"/>.
    /// </summary>
    protected RecurrentReference(nn.Module module, string layer, int gates)
    {
        _wih = Reference.Matrix(Reference.Parameter(module, $"{layer}.weight_ih_l0"));
        _whh = Reference.Matrix(Reference.Parameter(module, $"{layer}.weight_hh_l0"));
        _bih = Reference.OptionalVector(module, $"{layer}.bias_ih_l0");
        _bhh = Reference.OptionalVector(module, $"{layer}.bias_hh_l0");
        Assert.Equal(gates * Units, _wih.GetLength(0));
    }

    /// <summary>The hidden-state size.</summary>
    public int Units => _whh.GetLength(1);

    /// <summary>
    /// Runs every example from a zero state. Reads steps <c>0 .. T-1</c>, or <c>T-1 .. 0</c> when
    /// <paramref name="goBackwards"/>; output <c>k</c> is the hidden state after the <c>k</c>-th step read
    /// (processing order, as Keras returns it).
    /// </summary>
    public double[,,] Run(double[,,] x, bool goBackwards = false)
    {
        var (batch, steps) = (x.GetLength(0), x.GetLength(1));
        var outputs = new double[batch, steps, Units];
        for (var b = 0; b < batch; b++)
        {
            var h = new double[Units];
            var c = new double[Units];
            for (var k = 0; k < steps; k++)
            {
                var t = goBackwards ? steps - 1 - k : k;
                var input = Reference.Affine(_wih, Reference.Step(x, b, t), _bih);
                var recurrent = Reference.Affine(_whh, h, _bhh);
                (h, c) = Step(input, recurrent, h, c);
                for (var u = 0; u < Units; u++)
                {
                    outputs[b, k, u] = h[u];
                }
            }
        }

        return outputs;
    }

    /// <summary>
    /// One step, given <c>W_ih·x + b_ih</c> and <c>W_hh·h + b_hh</c> (gate rows stacked): new hidden state and new
    /// cell state (the cell state is unused except by LSTM).
    /// </summary>
    protected abstract (double[] H, double[] C) Step(double[] input, double[] recurrent, double[] h, double[] c);

    /// <summary>Rows <c>[gate·H, (gate+1)·H)</c> of a stacked gate vector.</summary>
    protected double[] Gate(double[] stacked, int gate) => stacked.Skip(gate * Units).Take(Units).ToArray();
}

/// <summary>Keras SimpleRNN / torch RNN: <c>h' = act(W_ih·x + b_ih + W_hh·h + b_hh)</c>.</summary>
internal sealed class SimpleRnnReference : RecurrentReference
{
    private readonly Func<double, double> _activation;

    public SimpleRnnReference(nn.Module module, string layer, Func<double, double> activation)
        : base(module, layer, gates: 1)
    {
        _activation = activation;
    }

    protected override (double[] H, double[] C) Step(double[] input, double[] recurrent, double[] h, double[] c)
    {
        var next = new double[Units];
        for (var u = 0; u < Units; u++)
        {
            next[u] = _activation(input[u] + recurrent[u]);
        }

        return (next, c);
    }
}

/// <summary>
/// Keras LSTM / torch LSTM, gate rows <c>[i, f, g, o]</c>:
/// <c>c' = σ(f)·c + σ(i)·tanh(g)</c>, <c>h' = σ(o)·tanh(c')</c>.
/// </summary>
internal sealed class LstmReference : RecurrentReference
{
    public LstmReference(nn.Module module, string layer)
        : base(module, layer, gates: 4)
    {
    }

    protected override (double[] H, double[] C) Step(double[] input, double[] recurrent, double[] h, double[] c)
    {
        var z = input.Zip(recurrent, (a, b) => a + b).ToArray();
        var (i, f, g, o) = (Gate(z, 0), Gate(z, 1), Gate(z, 2), Gate(z, 3));
        var nextC = new double[Units];
        var nextH = new double[Units];
        for (var u = 0; u < Units; u++)
        {
            nextC[u] = (Reference.Sigmoid(f[u]) * c[u]) + (Reference.Sigmoid(i[u]) * Math.Tanh(g[u]));
            nextH[u] = Reference.Sigmoid(o[u]) * Math.Tanh(nextC[u]);
        }

        return (nextH, nextC);
    }
}

/// <summary>
/// Keras GRU (reset_after = True) / torch GRU, gate rows <c>[r, z, n]</c>:
/// <c>n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn))</c>, <c>h' = (1 - z)·n + z·h</c>.
/// </summary>
internal sealed class GruReference : RecurrentReference
{
    public GruReference(nn.Module module, string layer)
        : base(module, layer, gates: 3)
    {
    }

    protected override (double[] H, double[] C) Step(double[] input, double[] recurrent, double[] h, double[] c)
    {
        var next = new double[Units];
        for (var u = 0; u < Units; u++)
        {
            var r = Reference.Sigmoid(input[u] + recurrent[u]);
            var z = Reference.Sigmoid(input[Units + u] + recurrent[Units + u]);
            var n = Math.Tanh(input[(2 * Units) + u] + (r * recurrent[(2 * Units) + u]));
            next[u] = ((1 - z) * n) + (z * h[u]);
        }

        return (next, c);
    }
}
