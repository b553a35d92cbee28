using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// One step of one row of each cell <see cref="ManagedRecurrence"/> computes, forward and backward, in libtorch's gate
/// order. A step starts from <c>x</c>, the input projection <c>[G]</c> (<c>bias_ih</c> included), and <c>p</c>, the
/// recurrent projection <c>h₋₁·Uᵀ</c> <c>[G]</c> (<c>bias_hh</c> included).
/// <list type="bullet">
/// <item>GRU (reset_after): <c>r = σ(x_r + p_r)</c>, <c>z = σ(x_z + p_z)</c>, <c>n = tanh(x_n + r ⊙ p_n)</c>, <c>h = n + z ⊙ (h₋₁ − n)</c>.</item>
/// <item>LSTM: <c>i, f, o = σ(x + p)</c>, <c>g = tanh(x_g + p_g)</c>, <c>c = f ⊙ c₋₁ + i ⊙ g</c>, <c>h = o ⊙ tanh c</c>.</item>
/// <item>SimpleRNN: <c>h = tanh(x + p)</c> or <c>relu(x + p)</c>.</item>
/// </list>
/// The backward gives the gradient of <c>x</c> and of <c>p</c> (the same for LSTM and SimpleRNN, so only <c>dx</c> is written
/// for them), and what flows into <c>h₋₁</c> other than through <c>U</c> (and into <c>c₋₁</c>).
/// </summary>
internal static class RecurrenceCells
{
    /// <summary>Values per unit the backward needs from each step's forward: GRU r, z, n, p_n; LSTM i, f, g, o, tanh c.</summary>
    public static int SlotsPerUnit(RecurrentKernelKind kind) => kind switch
    {
        RecurrentKernelKind.Gru => 4,
        RecurrentKernelKind.Lstm => 5,
        _ => 0,
    };

    /// <summary>Whether the gradients of the input and recurrent projections differ (only a GRU's candidate gate tells them apart).</summary>
    public static bool SeparateRecurrentGradient(RecurrentKernelKind kind) => kind == RecurrentKernelKind.Gru;

    /// <summary>
    /// <paramref name="h"/> from <paramref name="x"/>, <paramref name="p"/> and <paramref name="previous"/>; an LSTM's
    /// <paramref name="cell"/> holds <c>c₋₁</c> on entry and <c>c</c> on return; <paramref name="slots"/> receives what the
    /// backward needs (<see cref="SlotsPerUnit"/> × units).
    /// </summary>
    public static void Forward(RecurrentKernelKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> p, ReadOnlySpan<float> previous, Span<float> cell,
        Span<float> h, Span<float> slots)
    {
        var units = h.Length;
        switch (kind)
        {
            case RecurrentKernelKind.Gru:
                var resetAndUpdate = slots[..(2 * units)];
                VectorMath.SigmoidOfSum(x[..(2 * units)], p[..(2 * units)], resetAndUpdate);
                var recurrentCandidate = p.Slice(2 * units, units);
                var n = slots.Slice(2 * units, units);
                VectorMath.TanhOfSumProduct(x.Slice(2 * units, units), resetAndUpdate[..units], recurrentCandidate, n);
                VectorMath.Blend(n, resetAndUpdate.Slice(units, units), previous, h);
                recurrentCandidate.CopyTo(slots.Slice(3 * units, units));
                break;

            case RecurrentKernelKind.Lstm:
                LstmForward(x, p, cell, h, slots);
                break;

            case RecurrentKernelKind.SimpleRnnRelu:
                for (var j = 0; j < units; j++)
                {
                    h[j] = MathF.Max(x[j] + p[j], 0f);
                }

                break;

            default:
                VectorMath.TanhOfSum(x, p, h);
                break;
        }
    }

    /// <summary>
    /// From <paramref name="dh"/> (the gradient reaching this step's <c>h</c>) and, for an LSTM, <paramref name="dc"/> (reaching
    /// its <c>c</c>; on return, <c>c₋₁</c>'s): <paramref name="dx"/>, <paramref name="dp"/> (GRU only) and
    /// <paramref name="carried"/>, the part of <c>h₋₁</c>'s gradient that does not pass through <c>U</c>.
    /// <paramref name="state"/> is this step's <c>h</c>, <paramref name="previousCell"/> an LSTM's <c>c₋₁</c>.
    /// </summary>
    public static void Backward(RecurrentKernelKind kind, ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> slots, ReadOnlySpan<float> previous,
        ReadOnlySpan<float> state, ReadOnlySpan<float> previousCell, Span<float> dx, Span<float> dp, Span<float> carried)
    {
        var units = dh.Length;
        switch (kind)
        {
            case RecurrentKernelKind.Gru:
                for (var j = 0; j < units; j++)
                {
                    var (r, z, n, recurrentCandidate) = (slots[j], slots[units + j], slots[(2 * units) + j], slots[(3 * units) + j]);
                    var candidate = dh[j] * (1 - z) * (1 - (n * n));        // through n's tanh
                    var update = dh[j] * (previous[j] - n) * z * (1 - z);    // through z's sigmoid
                    var reset = candidate * recurrentCandidate * r * (1 - r);  // through r's sigmoid
                    dx[j] = reset;
                    dx[units + j] = update;
                    dx[(2 * units) + j] = candidate;
                    dp[j] = reset;
                    dp[units + j] = update;
                    dp[(2 * units) + j] = candidate * r;
                    carried[j] = dh[j] * z;
                }

                break;

            case RecurrentKernelKind.Lstm:
                LstmBackward(dh, dc, slots, previousCell, dx);
                carried.Clear();
                break;

            default:
                var relu = kind == RecurrentKernelKind.SimpleRnnRelu;
                for (var j = 0; j < units; j++)
                {
                    var value = state[j];
                    dx[j] = relu ? (value > 0 ? dh[j] : 0f) : dh[j] * (1 - (value * value));
                }

                carried.Clear();
                break;
        }
    }

    private static void LstmForward(ReadOnlySpan<float> x, ReadOnlySpan<float> p, Span<float> cell, Span<float> h, Span<float> slots)
    {
        var units = h.Length;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; j + width <= units; j += width)
            {
                var input = VectorMath.Sigmoid(Load(x, j) + Load(p, j));
                var forget = VectorMath.Sigmoid(Load(x, units + j) + Load(p, units + j));
                var candidate = VectorMath.Tanh(Load(x, (2 * units) + j) + Load(p, (2 * units) + j));
                var output = VectorMath.Sigmoid(Load(x, (3 * units) + j) + Load(p, (3 * units) + j));
                var c = (forget * Load(cell, j)) + (input * candidate);
                var squashed = VectorMath.Tanh(c);
                Store(input, slots, j);
                Store(forget, slots, units + j);
                Store(candidate, slots, (2 * units) + j);
                Store(output, slots, (3 * units) + j);
                Store(squashed, slots, (4 * units) + j);
                Store(c, cell, j);
                Store(output * squashed, h, j);
            }
        }

        for (; j < units; j++)
        {
            var input = Sigmoid(x[j] + p[j]);
            var forget = Sigmoid(x[units + j] + p[units + j]);
            var candidate = MathF.Tanh(x[(2 * units) + j] + p[(2 * units) + j]);
            var output = Sigmoid(x[(3 * units) + j] + p[(3 * units) + j]);
            var c = (forget * cell[j]) + (input * candidate);
            var squashed = MathF.Tanh(c);
            (slots[j], slots[units + j], slots[(2 * units) + j], slots[(3 * units) + j], slots[(4 * units) + j]) = (input, forget, candidate, output, squashed);
            cell[j] = c;
            h[j] = output * squashed;
        }
    }

    // dc += dh·o·(1 − tanh²c); then the gates' pre-activation gradients, and dc becomes c₋₁'s: dc·f.
    private static void LstmBackward(ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> slots, ReadOnlySpan<float> previousCell, Span<float> dx)
    {
        var units = dh.Length;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var one = Vector<float>.One;
            for (; j + width <= units; j += width)
            {
                var (input, forget, candidate) = (Load(slots, j), Load(slots, units + j), Load(slots, (2 * units) + j));
                var (output, squashed) = (Load(slots, (3 * units) + j), Load(slots, (4 * units) + j));
                var gradient = Load(dh, j);
                var cellGradient = Load(dc, j) + (gradient * output * (one - (squashed * squashed)));
                Store(cellGradient * candidate * input * (one - input), dx, j);
                Store(cellGradient * Load(previousCell, j) * forget * (one - forget), dx, units + j);
                Store(cellGradient * input * (one - (candidate * candidate)), dx, (2 * units) + j);
                Store(gradient * squashed * output * (one - output), dx, (3 * units) + j);
                Store(cellGradient * forget, dc, j);
            }
        }

        for (; j < units; j++)
        {
            var (input, forget, candidate, output, squashed) = (slots[j], slots[units + j], slots[(2 * units) + j], slots[(3 * units) + j], slots[(4 * units) + j]);
            var cellGradient = dc[j] + (dh[j] * output * (1 - (squashed * squashed)));
            dx[j] = cellGradient * candidate * input * (1 - input);
            dx[units + j] = cellGradient * previousCell[j] * forget * (1 - forget);
            dx[(2 * units) + j] = cellGradient * input * (1 - (candidate * candidate));
            dx[(3 * units) + j] = dh[j] * squashed * output * (1 - output);
            dc[j] = cellGradient * forget;
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static Vector<float> Load(ReadOnlySpan<float> values, int at) => new(values[at..]);

    private static void Store(Vector<float> value, Span<float> values, int at) => value.CopyTo(values[at..]);
}
