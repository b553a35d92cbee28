namespace ModelDsl.Generators.Model;

/// <summary>How <c>[Bidirectional]</c> combines its two directions (Keras <c>merge_mode</c>).</summary>
internal enum BidirectionalMergeKind
{
    Concat,
    Sum,
    Mul,
    Ave,

    /// <summary><c>merge: null</c>: both directions kept apart, two tensors; only a graph model can take them.</summary>
    None,
}

internal static class BidirectionalMergeNames
{
    /// <summary>The Keras <c>merge_mode</c> string; <c>null</c> for <see cref="BidirectionalMergeKind.None"/>.</summary>
    public static string KerasName(this BidirectionalMergeKind merge) => merge switch
    {
        BidirectionalMergeKind.Sum => Merges.Sum,
        BidirectionalMergeKind.Mul => Merges.Mul,
        BidirectionalMergeKind.Ave => Merges.Ave,
        BidirectionalMergeKind.None => "null",
        _ => Merges.Concat,
    };
}
