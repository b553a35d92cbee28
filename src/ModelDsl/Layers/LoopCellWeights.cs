using System;
using ModelDsl.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// The weights of a recurrent cell libtorch has no fused kernel for, under libtorch's names so the cell loop, the
/// initializers and checkpoints treat them as a fused kernel's: <c>weight_ih_l0 [gates·units, input]</c>,
/// <c>weight_hh_l0 [gates·units, units]</c> and one bias <c>bias_ih_l0 [gates·units]</c>, as Keras has one.
/// </summary>
internal sealed class LoopCellWeights : nn.Module
{
    public LoopCellWeights(long inputSize, long units, int gates, bool useBias)
        : base(TorchRuntime.EnsureLoadedFor(nameof(LoopCellWeights)))
    {
        Gates = gates;
        // As libtorch's recurrent kernels: every weight and bias U(±1/√units).
        var bound = 1.0 / Math.Sqrt(units);
        using (no_grad())
        {
            register_parameter("weight_ih_l0", new Parameter(empty(gates * units, inputSize).uniform_(-bound, bound)));
            register_parameter("weight_hh_l0", new Parameter(empty(gates * units, units).uniform_(-bound, bound)));
            if (useBias)
            {
                register_parameter("bias_ih_l0", new Parameter(empty(gates * units).uniform_(-bound, bound)));
            }
        }
    }

    /// <summary>The blocks stacked in each weight (3 for GRU).</summary>
    public int Gates { get; }
}
