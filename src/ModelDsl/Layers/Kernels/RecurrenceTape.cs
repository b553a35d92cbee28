using System.Buffers;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// What <see cref="RecurrenceMath.Backward"/> needs from a forward pass, in managed memory rented from the shared pool:
/// the recurrent weight, every state (the initial one first) and, for a GRU, each step's gates.
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
        Gates = kind == RecurrentKernelKind.Gru ? ArrayPool<float>.Shared.Rent(steps * batch * 4 * units) : System.Array.Empty<float>();
    }

    public RecurrentKernelKind Kind { get; }

    public int Batch { get; }

    public int Steps { get; }

    public int Units { get; }

    /// <summary>Rows of the recurrent weight: 3 × units for a GRU (r, z, n), units for a SimpleRNN.</summary>
    public int GateWidth { get; }

    public bool HasBias { get; }

    public bool HasInitial { get; }

    /// <summary>libtorch's <c>weight_hh_l0</c>, <c>[G, H]</c> row-major.</summary>
    public float[] Weight { get; }

    /// <summary>The states, time-major <c>[T + 1, B, H]</c>: the initial state (zeros when none was given), then each step's.</summary>
    public float[] States { get; }

    /// <summary>GRU only, time-major <c>[T, B, 4H]</c>: r, z, n and the candidate's recurrent part (its bias included) of each step.</summary>
    public float[] Gates { get; }

    /// <summary>Gives the buffers back to the pool; the tape is unusable afterwards.</summary>
    public void Release()
    {
        ArrayPool<float>.Shared.Return(Weight);
        ArrayPool<float>.Shared.Return(States);
        if (Gates.Length > 0)
        {
            ArrayPool<float>.Shared.Return(Gates);
        }
    }
}
