using System.Buffers;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// What <see cref="RecurrenceMath.Backward"/> needs from a forward pass, in managed memory rented from the shared pool,
/// batch-major so that each thread's rows are its own: the recurrent weight, every state (the initial one first), an
/// LSTM's cell states, and each step's gate values (<see cref="RecurrenceCells.SlotsPerUnit"/>).
/// </summary>
internal sealed class RecurrenceTape
{
    public RecurrenceTape(RecurrentKernelKind kind, int batch, int steps, int units, int gateWidth, bool hasBias, bool hasInitial)
    {
        Kind = kind;
        Batch = batch;
        Steps = steps;
        Units = units;
        GateWidth = gateWidth;
        HasBias = hasBias;
        HasInitial = hasInitial;
        Weight = ArrayPool<float>.Shared.Rent(gateWidth * units);
        States = ArrayPool<float>.Shared.Rent((steps + 1) * batch * units);
        Cells = kind == RecurrentKernelKind.Lstm ? ArrayPool<float>.Shared.Rent((steps + 1) * batch * units) : System.Array.Empty<float>();
        Slots = RecurrenceCells.SlotsPerUnit(kind) * units;
        Gates = Slots > 0 ? ArrayPool<float>.Shared.Rent(steps * batch * Slots) : System.Array.Empty<float>();
    }

    public RecurrentKernelKind Kind { get; }

    public int Batch { get; }

    public int Steps { get; }

    public int Units { get; }

    /// <summary>Rows of the recurrent weight: 4 × units for an LSTM (i, f, g, o), 3 × units for a GRU (r, z, n), units for a SimpleRNN.</summary>
    public int GateWidth { get; }

    public bool HasBias { get; }

    /// <summary>Whether the forward started from given states (h, and c for an LSTM) rather than zeros.</summary>
    public bool HasInitial { get; }

    /// <summary>Gate values kept per row and step.</summary>
    public int Slots { get; }

    /// <summary>libtorch's <c>weight_hh_l0</c>, <c>[G, H]</c> row-major.</summary>
    public float[] Weight { get; }

    /// <summary>The states, <c>[B, T + 1, H]</c>: per row the initial state (zeros when none was given), then each step's.</summary>
    public float[] States { get; }

    /// <summary>LSTM only, <c>[B, T + 1, H]</c>: per row the initial cell state, then each step's.</summary>
    public float[] Cells { get; }

    /// <summary><c>[B, T, Slots]</c>: each step's gate values (<see cref="RecurrenceCells.SlotsPerUnit"/>); empty for a SimpleRNN.</summary>
    public float[] Gates { get; }

    /// <summary>Where row <paramref name="b"/>'s state after <paramref name="t"/> steps starts in <see cref="States"/> and <see cref="Cells"/>.</summary>
    public int StateAt(int b, int t) => ((b * (Steps + 1)) + t) * Units;

    /// <summary>Gives the buffers back to the pool; the tape is unusable afterwards.</summary>
    public void Release()
    {
        ArrayPool<float>.Shared.Return(Weight);
        ArrayPool<float>.Shared.Return(States);
        if (Cells.Length > 0)
        {
            ArrayPool<float>.Shared.Return(Cells);
        }

        if (Gates.Length > 0)
        {
            ArrayPool<float>.Shared.Return(Gates);
        }
    }
}
