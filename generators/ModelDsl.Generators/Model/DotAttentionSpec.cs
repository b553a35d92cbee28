namespace ModelDsl.Generators.Model;

/// <summary><c>[DotAttention]</c> on a graph model's property: Luong dot-product attention, no weights.</summary>
internal sealed record DotAttentionSpec(bool ConcatQuery, bool Scale) : LayerSpec
{
    public override string KerasName => "DotAttention";

    public override string FieldBaseName => "dot_attention";
}
