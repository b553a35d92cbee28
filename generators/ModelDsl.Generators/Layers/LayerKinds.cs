using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Parsing;

namespace ModelDsl.Generators.Layers;

/// <summary>
/// The registry: every layer kind the generator knows. Adding a layer means one kind file here (its spec record and its
/// <see cref="LayerKind"/>), one runtime layer in <c>src/ModelDsl/Layers</c>, tests and a docs entry; nothing else in the
/// generator names layer kinds (the runtime layer also writes itself into ONNX graphs, <c>WriteOnnx</c>). An attribute no kind claims is reported (MDSL0021), never silently skipped.
/// </summary>
internal static class LayerKinds
{
    public static readonly IReadOnlyList<LayerKind> All = new LayerKind[]
    {
        EmbeddingKind.Instance,
        RecurrentLayerKind.Instance,
        BidirectionalKind.Instance,
        DenseKind.Instance,
        DropoutKind.Instance,
        FlattenKind.Instance,
        ActivationKind.Instance,
        DotAttentionKind.Instance,
        Conv1DKind.Instance,
        Pooling1DKind.Instance,
        GlobalPooling1DKind.Instance,
        ConvLSTM2DKind.Instance,
    };

    /// <summary>Every layer attribute type, across the kinds.</summary>
    public static readonly IReadOnlyList<Type> Attributes = All.SelectMany(k => k.Attributes).ToList();

    /// <summary>The kind declared by <paramref name="attributeClass"/>, or <c>null</c> when it is not a layer attribute.</summary>
    public static LayerKind? ForAttribute(INamedTypeSymbol? attributeClass) =>
        All.FirstOrDefault(kind => AttributeTypes.IsAny(attributeClass, kind.Attributes));
}
