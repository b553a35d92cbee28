using System.Linq;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// One way a fused kernel is called: with or without biases, gradients, a packed (masked) batch and a given initial state
/// (a stateful layer's). libtorch may pick a different kernel for each, so each is checked on its own, the first time it is used.
/// </summary>
internal readonly record struct RecurrentKernelVariant(bool UseBias, bool GradientsEnabled, bool Packed, bool InitialState = false)
{
    /// <summary>The correct routes to try, cheapest first: gradient mode only helps a call made without gradients.</summary>
    public RecurrentKernelRoute[] Candidates => GradientsEnabled
        ? new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.CellLoop }
        : new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.FusedInGradientMode, RecurrentKernelRoute.CellLoop };

    /// <summary>
    /// The routes to try for a layer of <paramref name="kind"/> on <paramref name="dtype"/>, fastest first: ModelDsl's managed
    /// recurrence where it computes the cell (<see cref="ManagedRecurrence.Supports"/>), then <see cref="Candidates"/>; except
    /// that an LSTM called without gradients tries libtorch's fused kernel first (oneDNN's blocked inference kernel, faster
    /// than the managed recurrence where it is right) and the managed recurrence next (faster than the training kernel
    /// <see cref="RecurrentKernelRoute.FusedInGradientMode"/> runs, oneDNN's unblocked reference one).
    /// </summary>
    public RecurrentKernelRoute[] CandidatesFor(RecurrentKernelKind kind, TorchSharp.torch.ScalarType dtype)
    {
        if (!ManagedRecurrence.Supports(kind, dtype, Packed))
        {
            return Candidates;
        }

        return kind == RecurrentKernelKind.Lstm && !GradientsEnabled
            ? new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.ManagedRecurrence }.Concat(Candidates.Skip(1)).ToArray()
            : new[] { RecurrentKernelRoute.ManagedRecurrence }.Concat(Candidates).ToArray();
    }

    /// <summary>E.g. <c>without gradients, unpacked, with bias</c>.</summary>
    public string Describe() =>
        $"{(GradientsEnabled ? "with gradients" : "without gradients")}, {(Packed ? "packed" : "unpacked")}, {(UseBias ? "with bias" : "without bias")}"
        + (InitialState ? ", from a carried state" : "");
}
