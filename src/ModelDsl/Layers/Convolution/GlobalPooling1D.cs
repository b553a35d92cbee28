using System;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>Keras <c>GlobalMaxPooling1D()</c>: the largest value of each channel over time, <c>[B, T, C] -> [B, C]</c>.</summary>
public sealed class GlobalMaxPooling1D : nn.Module<Tensor, Tensor>
{
    /// <summary>Builds the layer (it has no weights).</summary>
    public GlobalMaxPooling1D()
        : base(TorchRuntime.EnsureLoadedFor(nameof(GlobalMaxPooling1D)))
    {
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        GlobalPooling.Check(nameof(GlobalMaxPooling1D), x);
        return x.amax(1);
    }

    /// <summary>Writes the layer into an ONNX graph: <c>ReduceMax</c> over the steps.</summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return new Onnx.OnnxValue(graph.Op("ReduceMax", new[] { x.Name }, ("axes", new[] { 1L }), ("keepdims", 0L)), 2);
    }
}

/// <summary>
/// Keras <c>GlobalAveragePooling1D()</c>: the mean of each channel over time, <c>[B, T, C] -> [B, C]</c>; given a padding
/// mask (<c>Embedding(MaskZero = true)</c> upstream) the mean is over the unmasked steps, as in Keras.
/// </summary>
public sealed class GlobalAveragePooling1D : nn.Module<Tensor, Tensor>
{
    /// <summary>Builds the layer (it has no weights).</summary>
    public GlobalAveragePooling1D()
        : base(TorchRuntime.EnsureLoadedFor(nameof(GlobalAveragePooling1D)))
    {
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        GlobalPooling.Check(nameof(GlobalAveragePooling1D), x);
        return x.mean(new long[] { 1 });
    }

    /// <summary>
    /// The mean over the steps where <paramref name="mask"/> <c>[B, T]</c> is true (0 for a row with none); without a mask
    /// (<c>null</c>, as <c>Embedding.ComputeMask</c> gives without <c>MaskZero</c>) the mean over every step.
    /// </summary>
    public Tensor forward(Tensor x, Tensor? mask)
    {
        if (mask is null)
        {
            return forward(x);
        }

        GlobalPooling.Check(nameof(GlobalAveragePooling1D), x);
        if (mask.Dimensions != 2 || mask.shape[0] != x.shape[0] || mask.shape[1] != x.shape[1])
        {
            throw new ArgumentException(
                $"{nameof(GlobalAveragePooling1D)}: the mask must be [{x.shape[0]}, {x.shape[1]}] for input {TensorText.Describe(x)}, got {TensorText.Describe(mask)}");
        }

        using var scope = NewDisposeScope();
        var weights = mask.to(x.dtype).unsqueeze(-1);
        var counts = weights.sum(1).clamp_min(1);
        return x.mul(weights).sum(1).div(counts).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the layer into an ONNX graph: <c>ReduceMean</c> over the steps, or with a mask the sum of the unmasked steps
    /// over their count (at least 1), as <see cref="forward(Tensor, Tensor?)"/>.
    /// </summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x, Onnx.OnnxValue? mask = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        if (mask is null)
        {
            return new Onnx.OnnxValue(graph.Op("ReduceMean", new[] { x.Name }, ("axes", new[] { 1L }), ("keepdims", 0L)), 2);
        }

        var steps = graph.Int64s(new[] { 1L });
        var weights = graph.Unsqueeze(graph.CastFloat(mask.Name), 2);
        var counts = graph.Op("Max", new[] { graph.Op("ReduceSum", new[] { weights, steps }, ("keepdims", 0L)), graph.Float(1f) });
        var sums = graph.Op("ReduceSum", new[] { graph.Mul(x.Name, weights), steps }, ("keepdims", 0L));
        return new Onnx.OnnxValue(graph.Div(sums, counts), 2);
    }
}

/// <summary>The input check the global pools share.</summary>
internal static class GlobalPooling
{
    public static void Check(string layer, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions != 3 || !x.is_floating_point() || x.shape[1] < 1)
        {
            throw new ArgumentException($"{layer}: expects [batch, steps, channels] floating point with at least one step, got {TensorText.Describe(x)}");
        }
    }
}
