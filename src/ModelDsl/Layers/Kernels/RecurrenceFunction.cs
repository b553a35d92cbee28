using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// <see cref="ManagedRecurrence"/> as one autograd node: inputs (input projection, recurrent weight, recurrent bias, initial
/// state, kind), outputs (every state, the last state). What the backward needs is kept in managed memory
/// (<see cref="RecurrenceTape"/>), so no tensor is saved on the node.
/// </summary>
internal sealed class RecurrenceFunction : autograd.MultiTensorFunction<RecurrenceFunction>
{
    private const string TapeKey = "tape";

    public override string Name => "ModelDslRecurrence";

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (inputProjection, recurrentWeight, recurrentBias, initial, kind) =
            ((Tensor)vars[0], (Tensor)vars[1], vars[2] as Tensor, vars[3] as Tensor, (RecurrentKernelKind)vars[4]);
        var (sequence, last, tape) = RecurrenceMath.Forward(kind, inputProjection, recurrentWeight, recurrentBias, initial, keep: true);
        ctx.save_data(TapeKey, tape!);

        // An output nobody used gets no gradient (an invalid tensor) instead of zeros: TorchSharp would make those zeros
        // like a copy of the output it keeps, which the caller's dispose scope has already released by then.
        ctx.set_materialize_grads(false);
        return new List<Tensor> { sequence, last };
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var tape = (RecurrenceTape)ctx.get_data(TapeKey);
        var (input, weight, bias, initial) = RecurrenceMath.Backward(tape, Defined(grad_outputs[0]), Defined(grad_outputs[1]));
        return new List<Tensor> { input, weight, bias!, initial!, null! };
    }

    private static Tensor? Defined(Tensor? gradient) => gradient is null || gradient.IsInvalid ? null : gradient;
}
