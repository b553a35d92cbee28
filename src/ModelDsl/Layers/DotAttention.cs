using System;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Luong-style dot-product attention (Keras <c>Attention</c>): scores <c>query·valuesᵀ</c>
/// <c>[B, Tq, Tv]</c>, softmax over the values' steps, context = weights·values <c>[B, Tq, D]</c>,
/// optionally concatenated with the query <c>[B, Tq, 2·D]</c>. No weights.
/// </summary>
public sealed class DotAttention : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    public DotAttention(bool concatQuery = false, bool scale = false)
        : base(TorchRuntime.EnsureLoadedFor(nameof(DotAttention)))
    {
        ConcatQuery = concatQuery;
        Scale = scale;
    }

    /// <summary>Whether the output is <c>[context, query]</c> on the last axis.</summary>
    public bool ConcatQuery { get; }

    /// <summary>Whether scores are divided by √D.</summary>
    public bool Scale { get; }

    /// <summary><c>query [B, Tq, D]</c>, <c>values [B, Tv, D]</c> -> <c>[B, Tq, D]</c> (or <c>[B, Tq, 2·D]</c>).</summary>
    public override Tensor forward(Tensor query, Tensor values)
    {
        using var scope = NewDisposeScope();
        var weights = Weights(query, values);
        var context = weights.bmm(values);
        return (ConcatQuery ? cat(new[] { context, query }, 2) : context).MoveToOuterDisposeScope();
    }

    /// <summary>The attention weights <c>[B, Tq, Tv]</c> (each row sums to 1).</summary>
    public Tensor Weights(Tensor query, Tensor values)
    {
        Check(query, values);
        using var scope = NewDisposeScope();
        var scores = query.bmm(values.transpose(1, 2));
        if (Scale)
        {
            scores = scores.div(Math.Sqrt(query.shape[2]));
        }

        return scores.softmax(2).MoveToOuterDisposeScope();
    }

    /// <summary>Writes the layer into an ONNX graph: <c>MatMul</c> of the query by the transposed values, <c>Softmax</c> over the values' steps, <c>MatMul</c> by the values.</summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue query, Onnx.OnnxValue values)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(values);
        var scores = graph.MatMul(query.Name, graph.Transpose(values.Name, 0, 2, 1));
        if (Scale)
        {
            var depth = graph.Op("Sqrt", new[] { graph.CastFloat(graph.Dim(query.Name, 2)) });
            scores = graph.Div(scores, depth);
        }

        var context = graph.MatMul(graph.Op("Softmax", new[] { scores }, ("axis", 2L)), values.Name);
        return new Onnx.OnnxValue(ConcatQuery ? graph.Concat(new[] { context, query.Name }, 2) : context, 3);
    }

    private static void Check(Tensor query, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(values);
        var shapes = $"query {TensorText.Shape(query)}, values {TensorText.Shape(values)}";
        if (query.Dimensions != 3 || values.Dimensions != 3)
        {
            throw new ArgumentException($"DotAttention: expects query [batch, Tq, D] and values [batch, Tv, D], got {shapes}");
        }

        if (query.shape[0] != values.shape[0])
        {
            throw new ArgumentException($"DotAttention: the batch sizes differ, {shapes}");
        }

        if (query.shape[2] != values.shape[2])
        {
            throw new ArgumentException($"DotAttention: query and values need the same last axis D, got {shapes}");
        }
    }
}
