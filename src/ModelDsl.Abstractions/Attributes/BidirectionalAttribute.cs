using System;

namespace ModelDsl;

/// <summary>
/// Keras <c>Bidirectional(layer, merge_mode)</c>: written directly above a <c>[SimpleRNN]</c>, <c>[GRU]</c>
/// or <c>[LSTM]</c> attribute, runs that layer forward and a copy of it backward over the sequence and
/// merges the two. <c>[B, T, F] -> [B, 2·units]</c> with <c>"concat"</c>, <c>[B, units]</c> with the others
/// (<c>[B, T, …]</c> with <c>ReturnSequences</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class BidirectionalAttribute(string? merge = Merges.Concat) : LayerAttribute
{
    /// <summary>
    /// <c>"concat"</c> (default), <c>"sum"</c>, <c>"mul"</c>, <c>"ave"</c>, or <c>null</c> to keep both
    /// directions apart (graph models only). See <see cref="Merges"/>.
    /// </summary>
    public string? Merge { get; } = merge;
}

/// <summary>The merge modes of <see cref="BidirectionalAttribute"/>, with Keras's names.</summary>
public static class Merges
{
    /// <summary>Forward and backward outputs side by side on the last axis.</summary>
    public const string Concat = "concat";

    /// <summary>Element-wise sum.</summary>
    public const string Sum = "sum";

    /// <summary>Element-wise product.</summary>
    public const string Mul = "mul";

    /// <summary>Element-wise mean.</summary>
    public const string Ave = "ave";
}
