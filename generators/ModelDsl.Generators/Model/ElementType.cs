namespace ModelDsl.Generators.Model;

/// <summary>The element types a model's tensors can have.</summary>
internal enum ElementType
{
    /// <summary>Token ids.</summary>
    Int64,

    /// <summary>Feature values and everything a layer computes.</summary>
    Float32,
}

internal static class ElementTypeNames
{
    public static string KerasName(this ElementType type) => type == ElementType.Int64 ? DTypes.Int64 : DTypes.Float32;

    public static string TorchScalarType(this ElementType type) =>
        type == ElementType.Int64 ? "global::TorchSharp.torch.ScalarType.Int64" : "global::TorchSharp.torch.ScalarType.Float32";
}
