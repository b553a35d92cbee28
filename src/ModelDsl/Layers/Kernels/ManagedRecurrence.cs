using System.Collections.Generic;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// The <see cref="RecurrentKernelRoute.ManagedRecurrence"/> route of a GRU (reset_after) or SimpleRNN: the input side of
/// every step is one libtorch matmul done by the caller, and the steps themselves (the small recurrent matmul and the gate
/// math) run in managed code (<see cref="RecurrenceMath"/>) as one autograd node with a hand-written backward, instead of
/// libtorch 2.10's per-step loop of a dozen dispatched operations, each recorded by autograd.
/// </summary>
internal static class ManagedRecurrence
{
    /// <summary>Whether the route computes <paramref name="kind"/> in <paramref name="dtype"/> (float32 GRU and SimpleRNN, unpacked).</summary>
    public static bool Supports(RecurrentKernelKind kind, ScalarType dtype, bool packed) =>
        !packed && dtype == ScalarType.Float32 && kind is RecurrentKernelKind.Gru or RecurrentKernelKind.SimpleRnnTanh or RecurrentKernelKind.SimpleRnnRelu;

    /// <summary>
    /// Every state <c>[B, T, H]</c> and the last <c>[B, H]</c> from the input projection <c>[B, T, G]</c> (its bias included),
    /// the recurrent weight <c>[G, H]</c> (libtorch's <c>weight_hh_l0</c>), its bias <c>[G]</c> and the initial state <c>[B, H]</c>
    /// (zeros when null). Differentiable in all four when gradients are on.
    /// </summary>
    public static (Tensor Sequence, Tensor Last) Run(RecurrentKernelKind kind, Tensor inputProjection, Tensor recurrentWeight, Tensor? recurrentBias, Tensor? initial)
    {
        var recording = is_grad_enabled()
            && (inputProjection.requires_grad || recurrentWeight.requires_grad || recurrentBias?.requires_grad == true || initial?.requires_grad == true);
        if (!recording)
        {
            var (sequence, last, _) = RecurrenceMath.Forward(kind, inputProjection, recurrentWeight, recurrentBias, initial, keep: false);
            return (sequence, last);
        }

        List<Tensor> outputs = RecurrenceFunction.apply(inputProjection, recurrentWeight, recurrentBias!, initial!, kind);
        return (outputs[0], outputs[1]);
    }
}
