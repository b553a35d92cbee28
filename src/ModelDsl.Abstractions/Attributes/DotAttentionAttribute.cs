using System;

namespace ModelDsl;

/// <summary>
/// Luong-style dot-product attention (Keras <c>Attention</c>) on a layer property of a graph model:
/// <c>call(query [B, Tq, D], values [B, Tv, D])</c> scores <c>query·valuesᵀ</c> <c>[B, Tq, Tv]</c>, takes a
/// softmax over the values' steps and returns their weighted sum <c>[B, Tq, D]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DotAttentionAttribute : LayerAttribute
{
    /// <summary>Return the context concatenated with the query, <c>[B, Tq, 2·D]</c>, as Luong's attentional hidden state does.</summary>
    public bool ConcatQuery { get; set; }

    /// <summary>Divide the scores by √D (scaled dot-product attention).</summary>
    public bool Scale { get; set; }
}
