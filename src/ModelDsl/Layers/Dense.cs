using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>Keras <c>Dense(units, activation)</c> over the last axis: <c>[B, …, F] -> [B, …, units]</c>.</summary>
public sealed class Dense : nn.Module<Tensor, Tensor>
{
    /// <summary>Builds the layer with TorchSharp's <c>Linear</c> initialization; <paramref name="activation"/> is a Keras name (<see cref="Activations"/>).</summary>
    public Dense(long inputSize, long units, string activation = Activations.Linear, bool useBias = true)
        : base(nameof(Dense)) => throw new NotImplementedException();

    /// <summary>The kernel, <c>[units, inputSize]</c>.</summary>
    public Parameter weight => throw new NotImplementedException();

    /// <summary>The bias, <c>[units]</c>, or <c>null</c> without one.</summary>
    public Parameter? bias => throw new NotImplementedException();

    /// <summary>The Keras activation name.</summary>
    public string Activation { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => throw new NotImplementedException();
}
