using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// The steps of <see cref="ManagedRecurrence"/> on float32 spans over the tensors' memory. Rows are independent, so a long
/// call splits its batch across torch's threads once (<see cref="MinProductsPerThread"/>) and every thread runs all steps of
/// its rows, four rows at a time: per step, their recurrent projections <c>h₋₁·Uᵀ + b</c> in one pass over
/// <c>U</c> (<see cref="RowProducts"/>), then each row's cell (<see cref="RecurrenceCells"/>). The
/// backward walks the steps in reverse the same way; the recurrent weight's gradient over all steps is one libtorch
/// matmul at the end.
/// </summary>
internal static class RecurrenceMath
{
    /// <summary>
    /// Multiply-adds of the recurrent projections a thread must get before a call is split: a second thread starts late
    /// (libtorch's OpenMP threads spin for a while after each of its operations), which only a long call hides.
    /// </summary>
    private const long MinProductsPerThread = 50_000_000;

    /// <summary>Rows whose recurrent projections share one pass over the weight.</summary>
    private const int Block = 4;

    /// <summary>
    /// Runs the steps from <paramref name="initial"/> (h, and c for an LSTM; zeros when null): every state <c>[B, T, H]</c>
    /// and the last ones <c>[B, H]</c> (h, and c for an LSTM); with <paramref name="keep"/>, also what the backward needs.
    /// </summary>
    public static (Tensor Sequence, Tensor[] Last, RecurrenceTape? Tape) Forward(
        RecurrentKernelKind kind, Tensor inputProjection, Tensor recurrentWeight, Tensor? recurrentBias, Tensor[]? initial, bool keep)
    {
        var (batch, steps, gateWidth) = ((int)inputProjection.shape[0], (int)inputProjection.shape[1], (int)inputProjection.shape[2]);
        var units = (int)recurrentWeight.shape[1];
        var lstm = kind == RecurrentKernelKind.Lstm;
        using var scope = NewDisposeScope();
        var weight = Floats(recurrentWeight.detach().contiguous());
        var pass = new ForwardPass(kind, steps, units, gateWidth)
        {
            Input = inputProjection.detach().contiguous(),
            Sequence = empty(batch, steps, units, dtype: ScalarType.Float32),
            LastState = empty(batch, units, dtype: ScalarType.Float32),
            LastCell = lstm ? empty(batch, units, dtype: ScalarType.Float32) : null,
            Bias = recurrentBias is null ? null : Floats(recurrentBias.detach().contiguous()).ToArray(),
            Start = initial is null ? new float[batch * units] : Floats(initial[0].detach().contiguous()).ToArray(),
            StartCell = lstm ? (initial is null ? new float[batch * units] : Floats(initial[1].detach().contiguous()).ToArray()) : null,
            Tape = keep ? new RecurrenceTape(kind, batch, steps, units, gateWidth, recurrentBias is not null, initial is not null) : null,
        };
        if (pass.Tape is not null)
        {
            weight.CopyTo(pass.Tape.Weight);
        }

        // Uᵀ, [H, G]: row k holds what unit k of the previous state adds to every gate.
        for (var g = 0; g < gateWidth; g++)
        {
            for (var k = 0; k < units; k++)
            {
                pass.Transposed[(k * gateWidth) + g] = weight[(g * units) + k];
            }
        }

        SplitRows(batch, (long)steps * units * gateWidth, pass.Rows);
        var last = pass.LastCell is null ? new[] { pass.LastState } : new[] { pass.LastState, pass.LastCell };
        return (pass.Sequence.MoveToOuterDisposeScope(), Array.ConvertAll(last, state => state.MoveToOuterDisposeScope()), pass.Tape);
    }

    /// <summary>
    /// The gradients of the input projection, the recurrent weight and bias (null without one) and the initial states (null
    /// without them; c's for an LSTM) from those of every state <paramref name="sequenceGrad"/> <c>[B, T, H]</c> and of the last
    /// ones (null: that output was not used).
    /// </summary>
    public static (Tensor Input, Tensor Weight, Tensor? Bias, Tensor? InitialState, Tensor? InitialCell) Backward(
        RecurrenceTape tape, Tensor? sequenceGrad, Tensor? lastGrad, Tensor? lastCellGrad)
    {
        var (batch, steps, units, gateWidth) = (tape.Batch, tape.Steps, tape.Units, tape.GateWidth);
        var lstm = tape.Kind == RecurrentKernelKind.Lstm;
        using var scope = NewDisposeScope();
        var pass = new BackwardPass(tape)
        {
            OutputGrad = sequenceGrad?.to_type(ScalarType.Float32).contiguous(),
            InputGrad = empty(batch, steps, gateWidth, dtype: ScalarType.Float32),
            RecurrentGrad = RecurrenceCells.SeparateRecurrentGradient(tape.Kind) ? empty(batch, steps, gateWidth, dtype: ScalarType.Float32) : null,
            Carried = Values(lastGrad, batch * units),
            CarriedCell = lstm ? Values(lastCellGrad, batch * units) : null,
        };
        SplitRows(batch, (long)steps * units * gateWidth, pass.Rows);

        // Every step's recurrent-projection gradient against the state it started from: [G, B·T] x [B·T, H].
        var recurrentGrad = (pass.RecurrentGrad ?? pass.InputGrad).view(batch * steps, gateWidth);
        var previous = empty(batch * steps, units, dtype: ScalarType.Float32);
        var previousValues = Floats(previous);
        for (var b = 0; b < batch; b++)
        {
            // Row b's states before each step are the first T of its T + 1 on the tape.
            tape.States.AsSpan(tape.StateAt(b, 0), steps * units).CopyTo(previousValues.Slice(b * steps * units, steps * units));
        }

        var weightGrad = recurrentGrad.t().mm(previous);
        var biasGrad = tape.HasBias ? recurrentGrad.sum(0, keepdim: false) : null;
        var initialGrad = tape.HasInitial ? Tensor(pass.Carried, batch, units) : null;
        var initialCellGrad = tape.HasInitial && pass.CarriedCell is not null ? Tensor(pass.CarriedCell, batch, units) : null;
        tape.Release();
        return (pass.InputGrad.MoveToOuterDisposeScope(), weightGrad.MoveToOuterDisposeScope(), biasGrad?.MoveToOuterDisposeScope(),
            initialGrad?.MoveToOuterDisposeScope(), initialCellGrad?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Runs <paramref name="rows"/>(from, to) over the whole batch, each row costing <paramref name="productsPerRow"/>
    /// multiply-adds: on this thread, or split into one part per torch thread when each part is long enough.
    /// </summary>
    private static void SplitRows(int batch, long productsPerRow, Action<int, int> rows)
    {
        var parts = (int)Math.Min(Math.Min(get_num_threads(), batch / Block), batch * productsPerRow / MinProductsPerThread);
        if (parts <= 1)
        {
            rows(0, batch);
            return;
        }

        Parallel.For(0, parts, p => rows(p * batch / parts, (p + 1) * batch / parts));
    }

    /// <summary>The float32 elements of a contiguous CPU tensor, in place.</summary>
    private static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    private static float[] Values(Tensor? tensor, int count)
    {
        var values = new float[count];
        if (tensor is not null)
        {
            Floats(tensor.to_type(ScalarType.Float32).contiguous()).Slice(0, count).CopyTo(values);
        }

        return values;
    }

    private static Tensor Tensor(float[] values, int batch, int units)
    {
        var tensor = empty(batch, units, dtype: ScalarType.Float32);
        values.CopyTo(Floats(tensor));
        return tensor;
    }

    /// <summary>One forward call's inputs, outputs and weights, so that its rows can be split across threads.</summary>
    private sealed class ForwardPass(RecurrentKernelKind kind, int steps, int units, int gateWidth)
    {
        public required Tensor Input { get; init; }

        public required Tensor Sequence { get; init; }

        public required Tensor LastState { get; init; }

        public required Tensor? LastCell { get; init; }

        public required float[]? Bias { get; init; }

        public required float[] Start { get; init; }

        public required float[]? StartCell { get; init; }

        public required RecurrenceTape? Tape { get; init; }

        public float[] Transposed { get; } = new float[units * gateWidth];

        /// <summary>All steps of rows <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
        public void Rows(int from, int to)
        {
            var slots = RecurrenceCells.SlotsPerUnit(kind) * units;
            var sums = ArrayPool<float>.Shared.Rent(Block * gateWidth);
            var cells = ArrayPool<float>.Shared.Rent(Block * units);
            var scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, Block * slots));
            try
            {
                for (var first = from; first < to; first += Block)
                {
                    RunBlock(first, Math.Min(Block, to - first), sums, cells, scratch, slots);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(sums);
                ArrayPool<float>.Shared.Return(cells);
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        private void RunBlock(int first, int rows, float[] sums, float[] cells, float[] scratch, int slots)
        {
            var x = Floats(Input);
            var output = Floats(Sequence);
            var cell = StartCell is null ? Span<float>.Empty : cells.AsSpan(0, rows * units);
            StartCell?.AsSpan(first * units, rows * units).CopyTo(cell);
            for (var r = 0; r < rows && Tape is not null; r++)
            {
                Start.AsSpan((first + r) * units, units).CopyTo(Tape.States.AsSpan(Tape.StateAt(first + r, 0), units));
                StartCell?.AsSpan((first + r) * units, units).CopyTo(Tape.Cells.AsSpan(Tape.StateAt(first + r, 0), units));
            }

            for (var t = 0; t < steps; t++)
            {
                for (var r = 0; r < rows; r++)
                {
                    var sum = sums.AsSpan(r * gateWidth, gateWidth);
                    if (Bias is null)
                    {
                        sum.Clear();
                    }
                    else
                    {
                        Bias.CopyTo(sum);
                    }
                }

                if (t == 0)
                {
                    RowProducts.Accumulate(Transposed, units, gateWidth, Start, first * units, units, sums, 0, gateWidth, rows);
                }
                else
                {
                    RowProducts.Accumulate(Transposed, units, gateWidth, output, ((first * steps) + t - 1) * units, steps * units, sums, 0, gateWidth, rows);
                }

                for (var r = 0; r < rows; r++)
                {
                    var b = first + r;
                    var h = output.Slice(((b * steps) + t) * units, units);
                    var rowCell = cell.IsEmpty ? cell : cell.Slice(r * units, units);
                    var gates = Tape is null ? scratch.AsSpan(r * slots, slots) : Tape.Gates.AsSpan(((b * steps) + t) * slots, slots);
                    RecurrenceCells.Forward(kind, x.Slice(((b * steps) + t) * gateWidth, gateWidth), sums.AsSpan(r * gateWidth, gateWidth),
                        Previous(output, b, t), rowCell, h, gates);
                    if (Tape is not null)
                    {
                        h.CopyTo(Tape.States.AsSpan(Tape.StateAt(b, t + 1), units));
                        if (!rowCell.IsEmpty)
                        {
                            rowCell.CopyTo(Tape.Cells.AsSpan(Tape.StateAt(b, t + 1), units));
                        }
                    }
                }
            }

            var lastState = Floats(LastState);
            for (var r = 0; r < rows; r++)
            {
                Previous(output, first + r, steps).CopyTo(lastState.Slice((first + r) * units, units));
            }

            if (LastCell is not null)
            {
                cell.CopyTo(Floats(LastCell).Slice(first * units, rows * units));
            }
        }

        // Row b's state before step t: the initial one for t = 0.
        private ReadOnlySpan<float> Previous(Span<float> output, int b, int t) =>
            t > 0 ? output.Slice(((b * steps) + t - 1) * units, units) : Start.AsSpan(b * units, units);
    }

    /// <summary>One backward call's gradients, so that its rows can be split across threads.</summary>
    private sealed class BackwardPass(RecurrenceTape tape)
    {
        public required Tensor? OutputGrad { get; init; }

        public required Tensor InputGrad { get; init; }

        /// <summary>A GRU's recurrent-projection gradient; null where it equals <see cref="InputGrad"/>.</summary>
        public required Tensor? RecurrentGrad { get; init; }

        /// <summary><c>[B, H]</c>: the gradient reaching each row's state from later steps; the initial state's at the end.</summary>
        public required float[] Carried { get; init; }

        /// <summary>An LSTM's <c>[B, H]</c> cell-state gradient, as <see cref="Carried"/>.</summary>
        public required float[]? CarriedCell { get; init; }

        /// <summary>All steps of rows <paramref name="from"/> to <paramref name="to"/> (exclusive), last step first.</summary>
        public void Rows(int from, int to)
        {
            var (steps, units, gateWidth, slots) = (tape.Steps, tape.Units, tape.GateWidth, tape.Slots);
            var outputGrad = OutputGrad is null ? Span<float>.Empty : Floats(OutputGrad);
            var dx = Floats(InputGrad);
            var dp = RecurrentGrad is null ? dx : Floats(RecurrentGrad);
            var weight = tape.Weight.AsSpan(0, gateWidth * units);
            var dh = ArrayPool<float>.Shared.Rent(units);
            try
            {
                for (var first = from; first < to; first += Block)
                {
                    var rows = Math.Min(Block, to - first);
                    for (var t = steps - 1; t >= 0; t--)
                    {
                        for (var b = first; b < first + rows; b++)
                        {
                            var gradient = dh.AsSpan(0, units);
                            var carried = Carried.AsSpan(b * units, units);
                            carried.CopyTo(gradient);
                            if (!outputGrad.IsEmpty)
                            {
                                VectorMath.AddScaled(1f, outputGrad.Slice(((b * steps) + t) * units, units), gradient);
                            }

                            var at = ((b * steps) + t) * gateWidth;
                            RecurrenceCells.Backward(
                                tape.Kind,
                                gradient,
                                CarriedCell is null ? Span<float>.Empty : CarriedCell.AsSpan(b * units, units),
                                slots == 0 ? ReadOnlySpan<float>.Empty : tape.Gates.AsSpan(((b * steps) + t) * slots, slots),
                                tape.States.AsSpan(tape.StateAt(b, t), units),
                                tape.States.AsSpan(tape.StateAt(b, t + 1), units),
                                CarriedCell is null ? ReadOnlySpan<float>.Empty : tape.Cells.AsSpan(tape.StateAt(b, t), units),
                                dx.Slice(at, gateWidth),
                                dp.Slice(at, gateWidth),
                                carried);
                        }

                        // h₋₁ also gets dp·U, for the block's rows in one pass over U.
                        RowProducts.Accumulate(weight, gateWidth, units, dp, ((first * steps) + t) * gateWidth, steps * gateWidth, Carried, first * units, units, rows);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(dh);
            }
        }
    }
}
