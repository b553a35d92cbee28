namespace ModelDsl.Generators.Model;

/// <summary>
/// <c>[Bidirectional(merge)]</c> directly above a recurrent attribute on a graph model's property.
/// <paramref name="Merge"/> is Keras's merge mode (<c>"concat"</c>, <c>"sum"</c>, <c>"mul"</c>, <c>"ave"</c>),
/// or <c>null</c> to keep both directions apart.
/// </summary>
internal sealed record GraphBidirectionalSpec(RecurrentSpec Layer, string? Merge) : LayerSpec
{
    public override string KerasName => "Bidirectional";

    public override string FieldBaseName => "bidirectional";
}
