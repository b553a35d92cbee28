using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace ModelDsl.Layers;

/// <summary>Keras <c>LSTM(units)</c>.</summary>
public sealed class LSTM : RecurrentLayer
{
    private readonly TorchSharp.Modules.LSTM _kernel;

    /// <summary>Builds the layer over <c>torch.nn.LSTM</c> with TorchSharp's default initialization.</summary>
    public LSTM(long inputSize, long units, RecurrentOptions? options = null)
        : base("lstm", inputSize, units, options)
    {
        CheckActivation(Activations.Tanh);
        if (!Options.ResetAfter)
        {
            throw new System.ArgumentException($"{DisplayName}: ResetAfter is a GRU option", nameof(options));
        }

        _kernel = nn.LSTM(inputSize, units, numLayers: 1, bias: Options.UseBias, batchFirst: true);
        register_module(KernelName, _kernel);
    }

    private protected override string KindName => "LSTM";

    internal override int StateCount => 2;

    private protected override nn.Module Kernel => _kernel;

    internal override RecurrentKernelKind KernelKind => RecurrentKernelKind.Lstm;

    // ONNX's LSTM: gates i, o, f, c from libtorch's i, f, g, o; activations f (gates), g (candidate), h (output).
    private protected override string OnnxOperator => "LSTM";

    private protected override int[] OnnxGateOrder => new[] { 0, 3, 1, 2 };

    private protected override string[] OnnxActivations => new[] { OnnxGate, "Tanh", "Tanh" };

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => new LSTM(InputSize, Units, Options with { GoBackwards = !Options.GoBackwards });

    private protected override (Tensor Sequence, Tensor[] States) RunKernel(Tensor x, Tensor[]? initial)
    {
        var (sequence, h, c) = _kernel.call(x, Initial(initial));
        return (sequence, new[] { h.squeeze(0), c.squeeze(0) });
    }

    private protected override (PackedSequence Sequence, Tensor[] States) RunKernel(PackedSequence x, Tensor[]? initial)
    {
        var (sequence, h, c) = _kernel.call(x, Initial(initial));
        return (sequence, new[] { h.squeeze(0), c.squeeze(0) });
    }

    private static (Tensor, Tensor)? Initial(Tensor[]? initial) => initial is null ? null : (initial[0].unsqueeze(0), initial[1].unsqueeze(0));

    // libtorch's gate order i, f, g, o; state is (h, c).
    private protected override Tensor[] Step(Tensor inputProjection, Tensor recurrentProjection, Tensor[] state)
    {
        var gates = inputProjection.add(recurrentProjection).chunk(4, 1);
        var input = Gate(gates[0]);
        var forget = Gate(gates[1]);
        var candidate = gates[2].tanh();
        var output = Gate(gates[3]);
        var c = forget.mul(state[1]).add(input.mul(candidate));
        return new[] { output.mul(c.tanh()), c };
    }
}
