using System;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras <c>Dropout(rate)</c> for graph models: while training, zeroes each element with probability
/// <see cref="Rate"/> and scales the rest by <c>1 / (1 - rate)</c>; outside training it passes the input through.
/// </summary>
public sealed class Dropout : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; <paramref name="rate"/> is the fraction dropped, in [0, 1).</summary>
    public Dropout(double rate)
        : base(TorchRuntime.EnsureLoadedFor(nameof(Dropout)))
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"Dropout({rate}): the rate must be in [0, 1)");
        }

        Rate = rate;
    }

    /// <summary>The fraction of elements dropped while training.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return training && Rate > 0 ? nn.functional.dropout(x, Rate, training: true) : x.alias();
    }

    /// <summary>Writes the layer into an ONNX graph as it is outside training: the input itself.</summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return x;
    }
}
