using System;
using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace ModelDsl.Layers;

/// <summary>
/// Keras <c>GRU(units)</c>. With <c>reset_after = true</c> (tf.keras 2's default) it runs libtorch's GRU, which computes
/// exactly that cell; with <c>reset_after = false</c> (Keras 2.0–2.2) the reset gate scales the state before the
/// recurrent matmul and there is one bias, so it runs the cell loop over weights of its own (<see cref="LoopCellWeights"/>).
/// Gate blocks are in libtorch's order r, z, n in both.
/// </summary>
public sealed class GRU : RecurrentLayer
{
    private readonly nn.Module _kernel;
    private readonly TorchSharp.Modules.GRU? _fused;

    /// <summary>Builds the layer with libtorch's GRU initialization (U(±1/√units) for every weight and bias).</summary>
    public GRU(long inputSize, long units, RecurrentOptions? options = null)
        : base("gru", inputSize, units, options)
    {
        CheckActivation(Activations.Tanh);
        if (Options.ResetAfter)
        {
            _fused = nn.GRU(inputSize, units, numLayers: 1, bias: Options.UseBias, batchFirst: true);
            _kernel = _fused;
        }
        else
        {
            _kernel = new LoopCellWeights(inputSize, units, gates: 3, Options.UseBias);
        }

        register_module(KernelName, _kernel);
    }

    private protected override bool LoopOnly => base.LoopOnly || !Options.ResetAfter;

    private protected override string KindName => "GRU";

    internal override int StateCount => 1;

    private protected override nn.Module Kernel => _kernel;

    internal override RecurrentKernelKind KernelKind => RecurrentKernelKind.Gru;

    // ONNX's GRU: gates z, r, h from libtorch's r, z, n; linear_before_reset = 1 is reset_after = true (the gate scales
    // the recurrent product, its bias included), 0 is reset_after = false (it scales the state before the product).
    private protected override string OnnxOperator => "GRU";

    private protected override int[] OnnxGateOrder => new[] { 1, 0, 2 };

    private protected override string[] OnnxActivations => new[] { OnnxGate, "Tanh" };

    private protected override (string Name, object Value)[] OnnxAttributes => new (string, object)[] { ("linear_before_reset", Options.ResetAfter ? 1L : 0L) };

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => new GRU(InputSize, Units, Options with { GoBackwards = !Options.GoBackwards });

    private protected override (Tensor Sequence, Tensor[] States) RunKernel(Tensor x, Tensor[]? initial)
    {
        var (sequence, last) = Fused.call(x, initial?[0].unsqueeze(0));
        return (sequence, new[] { last.squeeze(0) });
    }

    private protected override (PackedSequence Sequence, Tensor[] States) RunKernel(PackedSequence x, Tensor[]? initial)
    {
        var (sequence, last) = Fused.call(x, initial?[0].unsqueeze(0));
        return (sequence, new[] { last.squeeze(0) });
    }

    // reset_after = true: the candidate's recurrent part (its bias included) is gated by r.
    private protected override Tensor[] Step(Tensor inputProjection, Tensor recurrentProjection, Tensor[] state)
    {
        var input = inputProjection.chunk(3, 1);
        var recurrent = recurrentProjection.chunk(3, 1);
        var reset = Gate(input[0].add(recurrent[0]));
        var update = Gate(input[1].add(recurrent[1]));
        var candidate = input[2].add(reset.mul(recurrent[2])).tanh();
        return new[] { Blend(update, state[0], candidate) };
    }

    // reset_after = false: r scales the state before the candidate's recurrent matmul, n = tanh(x·W_nᵀ + b_n + (r ⊙ h)·U_nᵀ).
    private protected override Tensor[] Step(Tensor inputProjection, Tensor h, Tensor recurrentWeight, Tensor? recurrentBias, Tensor[] state)
    {
        if (Options.ResetAfter)
        {
            return base.Step(inputProjection, h, recurrentWeight, recurrentBias, state);
        }

        var input = inputProjection.chunk(3, 1);
        var weights = recurrentWeight.chunk(3, 0);
        var reset = Gate(input[0].add(nn.functional.linear(h, weights[0])));
        var update = Gate(input[1].add(nn.functional.linear(h, weights[1])));
        var candidate = input[2].add(nn.functional.linear(reset.mul(h), weights[2])).tanh();
        return new[] { Blend(update, state[0], candidate) };
    }

    /// <summary>Keras's <c>z ⊙ h + (1 − z) ⊙ n</c>.</summary>
    private static Tensor Blend(Tensor update, Tensor h, Tensor candidate) => candidate.add(update.mul(h.sub(candidate)));

    private TorchSharp.Modules.GRU Fused => _fused ?? throw new InvalidOperationException($"{DisplayName}: reset_after = false has no fused kernel; it runs the cell loop");
}
