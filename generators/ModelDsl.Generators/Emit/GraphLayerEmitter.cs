using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// Per layer kind of a graph model: the <c>ModelDsl.Layers</c> type behind the property, and how it is built.
/// Layers shared with sequential models are built as <see cref="LayerEmitter"/> builds them; Dropout is the
/// <c>ModelDsl.Layers</c> module here, because the user's property is typed as it.
/// </summary>
internal static class GraphLayerEmitter
{
    private const string Layers = "global::ModelDsl.Layers";

    public static string FieldType(LayerSpec spec) => spec switch
    {
        DropoutSpec => $"{Layers}.Dropout",
        DotAttentionSpec => $"{Layers}.DotAttention",
        _ => LayerEmitter.FieldType(spec) ?? $"{Layers}.{spec.KerasName}",
    };

    /// <summary>The expression assigned to the field, sized by the layer's first call.</summary>
    public static string Construction(GraphLayerPlan layer) => layer.Spec switch
    {
        DropoutSpec d => $"new({d.Rate.ToString("R", CultureInfo.InvariantCulture)})",
        DotAttentionSpec a => $"new({string.Join(", ", Arguments(a, "concatQuery: true", "scale: true"))})",
        _ => LayerEmitter.Construction(new LayerPlan(layer.FieldName, layer.Spec, layer.FirstInput!, layer.FirstOutput!)) ?? "null!",
    };

    /// <summary>The layer as its attributes read, for the class docs: <c>Bidirectional(LSTM(200, ReturnSequences = true))</c>.</summary>
    public static string Describe(LayerSpec spec) => spec is DotAttentionSpec a
        ? $"DotAttention({string.Join(", ", Arguments(a, "ConcatQuery = true", "Scale = true"))})"
        : LayerDisplay.Describe(spec);

    private static List<string> Arguments(DotAttentionSpec a, string concatQuery, string scale)
    {
        var arguments = new List<string>();
        if (a.ConcatQuery)
        {
            arguments.Add(concatQuery);
        }

        if (a.Scale)
        {
            arguments.Add(scale);
        }

        return arguments;
    }
}
