using System;
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
        : base(nameof(DotAttention)) => throw new NotImplementedException();

    /// <summary>Whether the output is <c>[context, query]</c> on the last axis.</summary>
    public bool ConcatQuery { get; }

    /// <summary>Whether scores are divided by √D.</summary>
    public bool Scale { get; }

    /// <summary><c>query [B, Tq, D]</c>, <c>values [B, Tv, D]</c> -> <c>[B, Tq, D]</c> (or <c>[B, Tq, 2·D]</c>).</summary>
    public override Tensor forward(Tensor query, Tensor values) => throw new NotImplementedException();

    /// <summary>The attention weights <c>[B, Tq, Tv]</c> (each row sums to 1).</summary>
    public Tensor Weights(Tensor query, Tensor values) => throw new NotImplementedException();
}
