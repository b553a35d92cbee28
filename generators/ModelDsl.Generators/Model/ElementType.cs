namespace ModelDsl.Generators.Model;

/// <summary>The element types a model's tensors can have.</summary>
internal enum ElementType
{
    /// <summary>Token ids.</summary>
    Int64,

    /// <summary>Token ids as 32-bit integers (<c>DType = "int32"</c>).</summary>
    Int32,

    /// <summary>Feature values and everything a layer computes.</summary>
    Float32,
}

internal static class ElementTypeNames
{
    public static string KerasName(this ElementType type) => type switch
    {
        ElementType.Int64 => DTypes.Int64,
        ElementType.Int32 => DTypes.Int32,
        _ => DTypes.Float32,
    };

    public static string TorchScalarType(this ElementType type) => type switch
    {
        ElementType.Int64 => "global::TorchSharp.torch.ScalarType.Int64",
        ElementType.Int32 => "global::TorchSharp.torch.ScalarType.Int32",
        _ => "global::TorchSharp.torch.ScalarType.Float32",
    };

    /// <summary>Whether the tensor holds token ids (int64 or int32), which an Embedding reads and layers with float weights cannot.</summary>
    public static bool IsTokenIds(this ElementType type) => type != ElementType.Float32;
}
