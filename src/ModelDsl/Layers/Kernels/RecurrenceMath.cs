using System;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// The arithmetic of <see cref="ManagedRecurrence"/> on float32 spans over the tensors' memory. Per step and row: the
/// recurrent projection <c>h·Uᵀ + b</c> as row updates over a transposed copy of <c>U</c>, then the cell in libtorch's gate
/// order. GRU (reset_after): <c>r = σ(x_r + p_r)</c>, <c>z = σ(x_z + p_z)</c>, <c>n = tanh(x_n + r ⊙ p_n)</c>,
/// <c>h = n + z ⊙ (h₋₁ − n)</c>. SimpleRNN: <c>h = tanh(x + p)</c> or <c>relu(x + p)</c>. The backward walks the steps in
/// reverse; the weight gradients of all steps are one libtorch matmul at the end.
/// </summary>
internal static class RecurrenceMath
{
    // Batches from this size on split each step's rows across torch's threads; below it the fork/join costs more than it saves.
    private const int ParallelBatch = 64;

    /// <summary>Runs the steps; with <paramref name="keep"/>, also returns what the backward needs.</summary>
    public static (Tensor Sequence, Tensor Last, RecurrenceTape? Tape) Forward(
        RecurrentKernelKind kind, Tensor inputProjection, Tensor recurrentWeight, Tensor? recurrentBias, Tensor? initial, bool keep)
    {
        var (batch, steps, gateWidth) = ((int)inputProjection.shape[0], (int)inputProjection.shape[1], (int)inputProjection.shape[2]);
        var units = (int)recurrentWeight.shape[1];
        using var scope = NewDisposeScope();
        var weight = Floats(recurrentWeight.detach().contiguous());
        var pass = new ForwardPass(kind, batch, steps, units, gateWidth)
        {
            Input = inputProjection.detach().contiguous(),
            Sequence = empty(batch, steps, units, dtype: ScalarType.Float32),
            Bias = recurrentBias is null ? null : Floats(recurrentBias.detach().contiguous()).ToArray(),
            Start = initial is null ? new float[batch * units] : Floats(initial.detach().contiguous()).ToArray(),
            Tape = keep ? new RecurrenceTape(kind, batch, steps, units, gateWidth, recurrentBias is not null, initial is not null) : null,
        };
        if (pass.Tape is not null)
        {
            weight.CopyTo(pass.Tape.Weight);
            pass.Start.CopyTo(pass.Tape.States.AsSpan(0, batch * units));
        }

        // Uᵀ, [H, G]: row k holds what unit k of the previous state adds to every gate.
        for (var g = 0; g < gateWidth; g++)
        {
            for (var k = 0; k < units; k++)
            {
                pass.Transposed[(k * gateWidth) + g] = weight[(g * units) + k];
            }
        }

        var parts = batch >= ParallelBatch ? Math.Min(get_num_threads(), batch / 32) : 1;
        for (var t = 0; t < steps; t++)
        {
            if (parts <= 1)
            {
                pass.Rows(t, 0, batch);
            }
            else
            {
                var step = t;
                System.Threading.Tasks.Parallel.For(0, parts, p => pass.Rows(step, p * batch / parts, (p + 1) * batch / parts));
            }
        }

        var output = Floats(pass.Sequence);
        var last = empty(batch, units, dtype: ScalarType.Float32);
        var lastValues = Floats(last);
        for (var b = 0; b < batch; b++)
        {
            output.Slice(((b * steps) + steps - 1) * units, units).CopyTo(lastValues.Slice(b * units, units));
        }

        return (pass.Sequence.MoveToOuterDisposeScope(), last.MoveToOuterDisposeScope(), pass.Tape);
    }

    /// <summary>
    /// The gradients of the input projection, the recurrent weight and bias (null without one) and the initial state (null
    /// without one) from those of every state <paramref name="sequenceGrad"/> <c>[B, T, H]</c> and the last <paramref name="lastGrad"/> <c>[B, H]</c>
    /// (null: that output was not used).
    /// </summary>
    public static (Tensor Input, Tensor Weight, Tensor? Bias, Tensor? Initial) Backward(RecurrenceTape tape, Tensor? sequenceGrad, Tensor? lastGrad)
    {
        var (batch, steps, units, gateWidth) = (tape.Batch, tape.Steps, tape.Units, tape.GateWidth);
        using var scope = NewDisposeScope();
        var outputGrad = sequenceGrad is null ? Span<float>.Empty : Floats(sequenceGrad.to_type(ScalarType.Float32).contiguous());
        var inputGrad = empty(batch, steps, gateWidth, dtype: ScalarType.Float32);
        var recurrentGrad = empty(steps * batch, gateWidth, dtype: ScalarType.Float32);   // time-major, as the tape's states
        var dx = Floats(inputGrad);
        var dp = Floats(recurrentGrad);
        var weight = tape.Weight.AsSpan(0, gateWidth * units);

        // The gradient flowing into each row's state from later steps.
        var carried = new float[batch * units];
        if (lastGrad is not null)
        {
            Floats(lastGrad.to_type(ScalarType.Float32).contiguous()).Slice(0, batch * units).CopyTo(carried);
        }

        var dh = new float[units];
        for (var t = steps - 1; t >= 0; t--)
        {
            for (var b = 0; b < batch; b++)
            {
                var into = carried.AsSpan(b * units, units);
                into.CopyTo(dh);
                if (!outputGrad.IsEmpty)
                {
                    var fromOutput = outputGrad.Slice(((b * steps) + t) * units, units);
                    for (var j = 0; j < units; j++)
                    {
                        dh[j] += fromOutput[j];
                    }
                }

                var dxt = dx.Slice(((b * steps) + t) * gateWidth, gateWidth);
                var dpt = dp.Slice(((t * batch) + b) * gateWidth, gateWidth);
                var previous = tape.States.AsSpan(((t * batch) + b) * units, units);
                if (tape.Kind == RecurrentKernelKind.Gru)
                {
                    var gates = tape.Gates.AsSpan(((t * batch) + b) * 4 * units, 4 * units);
                    for (var j = 0; j < units; j++)
                    {
                        var (r, z, n, recurrentCandidate) = (gates[j], gates[units + j], gates[(2 * units) + j], gates[(3 * units) + j]);
                        var candidate = dh[j] * (1 - z) * (1 - (n * n));        // through n's tanh
                        var update = dh[j] * (previous[j] - n) * z * (1 - z);    // through z's sigmoid
                        var reset = candidate * recurrentCandidate * r * (1 - r);  // through r's sigmoid
                        dxt[j] = reset;
                        dxt[units + j] = update;
                        dxt[(2 * units) + j] = candidate;
                        dpt[j] = reset;
                        dpt[units + j] = update;
                        dpt[(2 * units) + j] = candidate * r;
                        into[j] = dh[j] * z;
                    }
                }
                else
                {
                    var state = tape.States.AsSpan((((t + 1) * batch) + b) * units, units);
                    var relu = tape.Kind == RecurrentKernelKind.SimpleRnnRelu;
                    for (var j = 0; j < units; j++)
                    {
                        var h = state[j];
                        var a = relu ? (h > 0 ? dh[j] : 0f) : dh[j] * (1 - (h * h));
                        dxt[j] = a;
                        dpt[j] = a;
                        into[j] = 0;
                    }
                }

                for (var g = 0; g < gateWidth; g++)
                {
                    VectorMath.AddScaled(dpt[g], weight.Slice(g * units, units), into);
                }
            }
        }

        var states = empty(steps * batch, units, dtype: ScalarType.Float32);
        tape.States.AsSpan(0, steps * batch * units).CopyTo(Floats(states));
        var weightGrad = recurrentGrad.t().mm(states);
        var biasGrad = tape.HasBias ? recurrentGrad.sum(0, keepdim: false) : null;
        Tensor? initialGrad = null;
        if (tape.HasInitial)
        {
            initialGrad = empty(batch, units, dtype: ScalarType.Float32);
            carried.CopyTo(Floats(initialGrad));
        }

        tape.Release();
        return (inputGrad.MoveToOuterDisposeScope(), weightGrad.MoveToOuterDisposeScope(), biasGrad?.MoveToOuterDisposeScope(), initialGrad?.MoveToOuterDisposeScope());
    }

    /// <summary>The float32 elements of a contiguous CPU tensor, in place.</summary>
    private static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    /// <summary>One forward call's inputs, outputs and weights, so that a step's rows can be split across threads.</summary>
    private sealed class ForwardPass(RecurrentKernelKind kind, int batch, int steps, int units, int gateWidth)
    {
        public required Tensor Input { get; init; }

        public required Tensor Sequence { get; init; }

        public required float[]? Bias { get; init; }

        public required float[] Start { get; init; }

        public required RecurrenceTape? Tape { get; init; }

        public float[] Transposed { get; } = new float[units * gateWidth];

        /// <summary>Step <paramref name="t"/> of rows <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
        public void Rows(int t, int from, int to)
        {
            var x = Floats(Input);
            var output = Floats(Sequence);
            var projection = System.Buffers.ArrayPool<float>.Shared.Rent(gateWidth);
            var scratch = System.Buffers.ArrayPool<float>.Shared.Rent(4 * units);
            try
            {
                for (var b = from; b < to; b++)
                {
                    ReadOnlySpan<float> previous = t > 0 ? output.Slice(((b * steps) + t - 1) * units, units) : Start.AsSpan(b * units, units);
                    var sum = projection.AsSpan(0, gateWidth);
                    if (Bias is null)
                    {
                        sum.Clear();
                    }
                    else
                    {
                        Bias.CopyTo(sum);
                    }

                    for (var k = 0; k < units; k++)
                    {
                        VectorMath.AddScaled(previous[k], Transposed.AsSpan(k * gateWidth, gateWidth), sum);
                    }

                    var xt = x.Slice(((b * steps) + t) * gateWidth, gateWidth);
                    var h = output.Slice(((b * steps) + t) * units, units);
                    if (kind == RecurrentKernelKind.Gru)
                    {
                        // r and z side by side, then n, in the tape's slots (or scratch without a tape).
                        var gates = Tape is null ? scratch.AsSpan(0, 4 * units) : Tape.Gates.AsSpan(((t * batch) + b) * 4 * units, 4 * units);
                        var resetAndUpdate = gates[..(2 * units)];
                        VectorMath.SigmoidOfSum(xt[..(2 * units)], sum[..(2 * units)], resetAndUpdate);
                        var recurrentCandidate = sum.Slice(2 * units, units);
                        var n = gates.Slice(2 * units, units);
                        VectorMath.TanhOfSumProduct(xt.Slice(2 * units, units), resetAndUpdate[..units], recurrentCandidate, n);
                        VectorMath.Blend(n, resetAndUpdate.Slice(units, units), previous, h);
                        recurrentCandidate.CopyTo(gates.Slice(3 * units, units));
                    }
                    else if (kind == RecurrentKernelKind.SimpleRnnRelu)
                    {
                        for (var j = 0; j < units; j++)
                        {
                            h[j] = MathF.Max(xt[j] + sum[j], 0f);
                        }
                    }
                    else
                    {
                        VectorMath.TanhOfSum(xt, sum, h);
                    }

                    if (Tape is not null)
                    {
                        h.CopyTo(Tape.States.AsSpan(((t + 1) * batch * units) + (b * units), units));
                    }
                }
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(projection);
                System.Buffers.ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }
}
