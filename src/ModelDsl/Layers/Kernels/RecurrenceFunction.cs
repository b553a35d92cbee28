using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// <see cref="ManagedRecurrence"/> as one autograd node: inputs (input projection, recurrent weight, recurrent bias, initial
/// state, initial cell state, kind), outputs (every state, the last state, and an LSTM's last cell state). What the
/// backward needs is kept in managed memory (<see cref="RecurrenceTape"/>), so no tensor is saved on the node.
/// </summary>
internal sealed class RecurrenceFunction : autograd.MultiTensorFunction<RecurrenceFunction>
{
    private const string TapeKey = "tape";

    public override string Name => "ModelDslRecurrence";

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (inputProjection, recurrentWeight, recurrentBias, initial, initialCell, kind) =
            ((Tensor)vars[0], (Tensor)vars[1], vars[2] as Tensor, vars[3] as Tensor, vars[4] as Tensor, (RecurrentKernelKind)vars[5]);
        var states = initial is null ? null : initialCell is null ? new[] { initial } : new[] { initial, initialCell };
        var (sequence, last, tape) = RecurrenceMath.Forward(kind, inputProjection, recurrentWeight, recurrentBias, states, keep: true);
        ctx.save_data(TapeKey, tape!);

        // An output nobody used gets no gradient (an invalid tensor) instead of zeros: TorchSharp would make those zeros
        // like a copy of the output it keeps, which the caller's dispose scope has already released by then.
        ctx.set_materialize_grads(false);
        var outputs = new List<Tensor> { sequence };
        outputs.AddRange(last);
        return outputs;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
    {
        var tape = (RecurrenceTape)ctx.get_data(TapeKey);
        var lastCell = grad_outputs.Count > 2 ? Defined(grad_outputs[2]) : null;
        var (input, weight, bias, initial, initialCell) = RecurrenceMath.Backward(tape, Defined(grad_outputs[0]), Defined(grad_outputs[1]), lastCell);
        return new List<Tensor> { input, weight, bias!, initial!, initialCell!, null! };
    }

    private static Tensor? Defined(Tensor? gradient) => gradient is null || gradient.IsInvalid ? null : gradient;
}
