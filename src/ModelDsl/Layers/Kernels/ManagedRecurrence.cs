using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// The <see cref="RecurrentKernelRoute.ManagedRecurrence"/> route of an LSTM, a GRU (reset_after) or a SimpleRNN: the input
/// side of every step is one libtorch matmul done by the caller, and the steps themselves (the recurrent matmul and the
/// gate math) run in managed code (<see cref="RecurrenceMath"/>) as one autograd node with a hand-written backward, instead
/// of libtorch 2.10's kernels: a per-step loop of a dozen dispatched operations for GRU and SimpleRNN, each recorded by
/// autograd, and oneDNN's reference (unblocked) training kernel for LSTM.
/// </summary>
internal static class ManagedRecurrence
{
    /// <summary>Whether the route computes a call on <paramref name="dtype"/> input (float32, unpacked; every <see cref="RecurrentKernelKind"/>).</summary>
    public static bool Supports(ScalarType dtype, bool packed) => !packed && dtype == ScalarType.Float32;

    /// <summary>
    /// Every state <c>[B, T, H]</c> and the last ones <c>[B, H]</c> (h, and c for an LSTM) from the input projection
    /// <c>[B, T, G]</c> (its bias included), the recurrent weight <c>[G, H]</c> (libtorch's <c>weight_hh_l0</c>), its bias
    /// <c>[G]</c> and the initial states (zeros when null). Differentiable in all of them when gradients are on.
    /// </summary>
    public static (Tensor Sequence, Tensor[] Last) Run(RecurrentKernelKind kind, Tensor inputProjection, Tensor recurrentWeight, Tensor? recurrentBias, Tensor[]? initial)
    {
        var recording = is_grad_enabled()
            && (inputProjection.requires_grad || recurrentWeight.requires_grad || recurrentBias?.requires_grad == true
                || Array.Exists(initial ?? Array.Empty<Tensor>(), state => state.requires_grad));
        if (!recording)
        {
            var (sequence, last, _) = RecurrenceMath.Forward(kind, inputProjection, recurrentWeight, recurrentBias, initial, keep: false);
            return (sequence, last);
        }

        List<Tensor> outputs = RecurrenceFunction.apply(inputProjection, recurrentWeight, recurrentBias!, initial?[0]!, initial?.Length > 1 ? initial[1] : null!, kind);
        return (outputs[0], outputs.GetRange(1, outputs.Count - 1).ToArray());
    }
}
