using System.Linq;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// One way a fused kernel is called: with or without biases, gradients, a packed (masked) batch and a given initial state
/// (a stateful layer's), and for an LSTM trained over more than <see cref="LongSequenceSteps"/> steps, that. libtorch may pick
/// a different kernel for each, or another route may be faster, so each is checked on its own, the first time it is used.
/// </summary>
internal readonly record struct RecurrentKernelVariant(bool UseBias, bool GradientsEnabled, bool Packed, bool InitialState = false, bool LongSequence = false)
{
    /// <summary>
    /// Steps beyond which libtorch 2.10's LSTM training kernel (oneDNN's reference one) is slower than the managed
    /// recurrence: its time per step grows with the sequence (LSTM(32) at batch 32: 2.6 ms over 40 steps, 58 ms over 250),
    /// where the managed recurrence's stays flat; below about 130 steps it is the faster one.
    /// </summary>
    public const int LongSequenceSteps = 160;

    /// <summary>The variant of a call of <paramref name="layer"/> over <paramref name="steps"/> steps under the current gradient mode.</summary>
    public static RecurrentKernelVariant Of(RecurrentLayer layer, bool packed, bool initialState, long steps)
    {
        var gradients = TorchSharp.torch.is_grad_enabled();
        return new(layer.Options.UseBias, gradients, packed, initialState,
            LongSequence: gradients && layer.KernelKind == RecurrentKernelKind.Lstm && steps > LongSequenceSteps);
    }

    /// <summary>The correct routes to try, cheapest first: gradient mode only helps a call made without gradients.</summary>
    public RecurrentKernelRoute[] Candidates => GradientsEnabled
        ? new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.CellLoop }
        : new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.FusedInGradientMode, RecurrentKernelRoute.CellLoop };

    /// <summary>
    /// The routes to try for a layer of <paramref name="kind"/> on <paramref name="dtype"/>, fastest first: ModelDsl's managed
    /// recurrence where it computes the call (<see cref="ManagedRecurrence.Supports"/>), then <see cref="Candidates"/>. An LSTM
    /// is the exception: libtorch's fused kernel comes first, the managed recurrence second, except when it is trained over a
    /// long sequence (<see cref="LongSequence"/>). Without gradients oneDNN's blocked inference kernel is faster where it is
    /// right, and where it is wrong the managed recurrence beats the training kernel <see cref="RecurrentKernelRoute.FusedInGradientMode"/> runs.
    /// </summary>
    public RecurrentKernelRoute[] CandidatesFor(RecurrentKernelKind kind, TorchSharp.torch.ScalarType dtype)
    {
        if (!ManagedRecurrence.Supports(dtype, Packed))
        {
            return Candidates;
        }

        return kind == RecurrentKernelKind.Lstm && !LongSequence
            ? new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.ManagedRecurrence }.Concat(Candidates.Skip(1)).ToArray()
            : new[] { RecurrentKernelRoute.ManagedRecurrence }.Concat(Candidates).ToArray();
    }

    /// <summary>E.g. <c>without gradients, unpacked, with bias</c>.</summary>
    public string Describe() =>
        $"{(GradientsEnabled ? "with gradients" : "without gradients")}, {(Packed ? "packed" : "unpacked")}, {(UseBias ? "with bias" : "without bias")}"
        + (InitialState ? ", from a carried state" : "")
        + (LongSequence ? $", over more than {LongSequenceSteps} steps" : "");
}
