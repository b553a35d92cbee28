using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace ModelDsl.Layers;

/// <summary>Keras <c>GRU(units)</c> (with <c>reset_after = true</c>, as libtorch computes it).</summary>
public sealed class GRU : RecurrentLayer
{
    private readonly TorchSharp.Modules.GRU _kernel;

    /// <summary>Builds the layer over <c>torch.nn.GRU</c> with TorchSharp's default initialization.</summary>
    public GRU(long inputSize, long units, RecurrentOptions? options = null)
        : base("gru", inputSize, units, options)
    {
        CheckActivation(Activations.Tanh);
        _kernel = nn.GRU(inputSize, units, numLayers: 1, bias: Options.UseBias, batchFirst: true);
        register_module(KernelName, _kernel);
    }

    private protected override string KindName => "GRU";

    private protected override int StateCount => 1;

    private protected override nn.Module Kernel => _kernel;

    internal override RecurrentKernelKind KernelKind => RecurrentKernelKind.Gru;

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => new GRU(InputSize, Units, Options with { GoBackwards = !Options.GoBackwards });

    private protected override (Tensor Sequence, Tensor Last) RunKernel(Tensor x)
    {
        var (sequence, last) = _kernel.call(x, null);
        return (sequence, last.squeeze(0));
    }

    private protected override (PackedSequence Sequence, Tensor Last) RunKernel(PackedSequence x)
    {
        var (sequence, last) = _kernel.call(x, null);
        return (sequence, last.squeeze(0));
    }

    // libtorch's gate order r, z, n; the candidate's recurrent part (bias included) is gated by r.
    private protected override Tensor[] Step(Tensor inputProjection, Tensor recurrentProjection, Tensor[] state)
    {
        var input = inputProjection.chunk(3, 1);
        var recurrent = recurrentProjection.chunk(3, 1);
        var reset = input[0].add(recurrent[0]).sigmoid();
        var update = input[1].add(recurrent[1]).sigmoid();
        var candidate = input[2].add(reset.mul(recurrent[2])).tanh();
        var h = state[0];
        return new[] { candidate.add(update.mul(h.sub(candidate))) };
    }
}
