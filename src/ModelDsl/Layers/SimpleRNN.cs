using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace ModelDsl.Layers;

/// <summary>Keras <c>SimpleRNN(units)</c>: <c>h_t = tanh(x_t·W + h_{t-1}·U + b)</c> (or relu).</summary>
public sealed class SimpleRNN : RecurrentLayer
{
    private readonly TorchSharp.Modules.RNN _kernel;

    /// <summary>Builds the layer over <c>torch.nn.RNN</c> with TorchSharp's default initialization.</summary>
    public SimpleRNN(long inputSize, long units, RecurrentOptions? options = null)
        : base("simple_rnn", inputSize, units, options)
    {
        CheckActivation(Activations.Tanh, Activations.Relu);
        if (Options.RecurrentActivation != RecurrentActivations.Sigmoid || !Options.ResetAfter)
        {
            throw new System.ArgumentException($"{DisplayName}: SimpleRNN has no gates; RecurrentActivation and ResetAfter are GRU/LSTM options", nameof(options));
        }
        var nonLinearity = Options.Activation == Activations.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh;
        _kernel = nn.RNN(inputSize, units, numLayers: 1, nonLinearity: nonLinearity, bias: Options.UseBias, batchFirst: true);
        register_module(KernelName, _kernel);
    }

    private protected override string KindName => "SimpleRNN";

    internal override int StateCount => 1;

    private protected override nn.Module Kernel => _kernel;

    internal override RecurrentKernelKind KernelKind => Options.Activation == Activations.Relu ? RecurrentKernelKind.SimpleRnnRelu : RecurrentKernelKind.SimpleRnnTanh;

    private protected override string OnnxOperator => "RNN";

    private protected override int[] OnnxGateOrder => new[] { 0 };

    private protected override string[] OnnxActivations => new[] { Options.Activation == Activations.Relu ? "Relu" : "Tanh" };

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => new SimpleRNN(InputSize, Units, Options with { GoBackwards = !Options.GoBackwards });

    private protected override (Tensor Sequence, Tensor[] States) RunKernel(Tensor x, Tensor[]? initial)
    {
        var (sequence, last) = _kernel.call(x, initial?[0].unsqueeze(0));
        return (sequence, new[] { last.squeeze(0) });
    }

    private protected override (PackedSequence Sequence, Tensor[] States) RunKernel(PackedSequence x, Tensor[]? initial)
    {
        var (sequence, last) = _kernel.call(x, initial?[0].unsqueeze(0));
        return (sequence, new[] { last.squeeze(0) });
    }

    private protected override Tensor[] Step(Tensor inputProjection, Tensor recurrentProjection, Tensor[] state)
    {
        var sum = inputProjection.add(recurrentProjection);
        return new[] { Options.Activation == Activations.Relu ? nn.functional.relu(sum) : sum.tanh() };
    }
}
