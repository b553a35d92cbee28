using System;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras's 1-D pooling over channels-last sequences: <c>[B, T, C] -> [B, T', C]</c>, a window of <c>pool_size</c>
/// steps every <c>strides</c> steps (default: the pool size), <c>valid</c> or <c>same</c> padding.
/// </summary>
public abstract class Pooling1D : nn.Module<Tensor, Tensor>
{
    private readonly KerasWindow _window;

    private protected Pooling1D(string kind, long poolSize, long? strides, string padding)
        : base(TorchRuntime.EnsureLoadedFor(kind))
    {
        Name = $"{kind}({poolSize})";
        _window = new KerasWindow(poolSize, strides ?? poolSize, 1, padding);
        _window.Check(Name, allowCausal: false);
    }

    /// <summary>The window length.</summary>
    public long PoolSize => _window.Size;

    /// <summary>The step between windows.</summary>
    public long Strides => _window.Strides;

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding => _window.Padding;

    /// <summary>The output length for an input of <paramref name="length"/> steps (Keras's rule; below 1 when the input is too short).</summary>
    public long OutputLength(long length) => _window.OutputLength(length);

    private protected string Name { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions != 3 || !x.is_floating_point())
        {
            throw new ArgumentException($"{Name}: expects [batch, steps, channels] floating point, got {TensorText.Describe(x)}");
        }

        var length = x.shape[1];
        if (OutputLength(length) < 1)
        {
            throw new ArgumentException($"{Name}: a sequence of {length} steps is shorter than the pool with padding '{Padding}'");
        }

        using var scope = NewDisposeScope();
        var (before, after) = _window.Pads(length);
        var pooled = Pool(x.transpose(1, 2), new[] { before, after });
        return pooled.transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the layer into an ONNX graph: channels first, <c>MaxPool</c> / <c>AveragePool</c> (<c>same</c> as
    /// <c>SAME_UPPER</c>; the average counts real steps only), channels last.
    /// </summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        var pooled = graph.Op(OnnxOperator, new[] { graph.Transpose(x.Name, 0, 2, 1) }, _window.OnnxAttributes(convolution: false));
        return new Onnx.OnnxValue(graph.Transpose(pooled, 0, 2, 1), 3);
    }

    /// <summary>The ONNX operator: <c>MaxPool</c> or <c>AveragePool</c>.</summary>
    private protected abstract string OnnxOperator { get; }

    /// <summary>Pools <paramref name="channelsFirst"/> <c>[B, C, T]</c> after padding it by <paramref name="pads"/> (before, after).</summary>
    private protected abstract Tensor Pool(Tensor channelsFirst, long[] pads);

    private protected Tensor Windows(Tensor padded) => padded.unfold(2, PoolSize, Strides);
}

/// <summary>Keras <c>MaxPooling1D(pool_size, strides, padding)</c>: the largest value of each window; padding never wins.</summary>
public sealed class MaxPooling1D : Pooling1D
{
    /// <summary>Builds the layer; <paramref name="strides"/> defaults to <paramref name="poolSize"/>, as in Keras.</summary>
    public MaxPooling1D(long poolSize = 2, long? strides = null, string padding = Paddings.Valid)
        : base(nameof(MaxPooling1D), poolSize, strides, padding)
    {
    }

    private protected override string OnnxOperator => "MaxPool";

    private protected override Tensor Pool(Tensor channelsFirst, long[] pads)
    {
        var padded = pads[0] + pads[1] > 0 ? nn.functional.pad(channelsFirst, pads, value: double.NegativeInfinity) : channelsFirst;
        return Windows(padded).amax(-1);
    }
}

/// <summary>
/// Keras <c>AveragePooling1D(pool_size, strides, padding)</c>: the mean of each window; with <c>same</c> padding the
/// mean is over the window's real steps only, as TensorFlow's average pool does.
/// </summary>
public sealed class AveragePooling1D : Pooling1D
{
    /// <summary>Builds the layer; <paramref name="strides"/> defaults to <paramref name="poolSize"/>, as in Keras.</summary>
    public AveragePooling1D(long poolSize = 2, long? strides = null, string padding = Paddings.Valid)
        : base(nameof(AveragePooling1D), poolSize, strides, padding)
    {
    }

    private protected override string OnnxOperator => "AveragePool";

    private protected override Tensor Pool(Tensor channelsFirst, long[] pads)
    {
        if (pads[0] + pads[1] == 0)
        {
            return Windows(channelsFirst).mean(new long[] { -1 });
        }

        var sums = Windows(nn.functional.pad(channelsFirst, pads)).sum(-1);
        var ones = ones_like(channelsFirst.narrow(1, 0, 1));
        var counts = Windows(nn.functional.pad(ones, pads)).sum(-1);
        return sums.div(counts);
    }
}
