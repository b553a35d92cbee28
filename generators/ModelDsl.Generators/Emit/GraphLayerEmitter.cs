using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>Per layer kind of a graph model: the <c>ModelDsl.Layers</c> type behind the property, and how it is built.</summary>
internal static class GraphLayerEmitter
{
    private const string Layers = "global::ModelDsl.Layers";

    public static string FieldType(LayerSpec spec) => spec switch
    {
        EmbeddingSpec => $"{Layers}.Embedding",
        RecurrentSpec r => $"{Layers}.{r.Kind}",
        GraphBidirectionalSpec => $"{Layers}.Bidirectional",
        DenseSpec => $"{Layers}.Dense",
        DropoutSpec => $"{Layers}.Dropout",
        _ => $"{Layers}.DotAttention",
    };

    /// <summary>The constructor call; <paramref name="inputFeatures"/> is the last axis of the layer's first input.</summary>
    public static string Construction(LayerSpec spec, int inputFeatures) => spec switch
    {
        EmbeddingSpec e => $"new {Layers}.Embedding({e.InputDim}, {e.OutputDim})",
        RecurrentSpec r => Recurrent(r, inputFeatures),
        GraphBidirectionalSpec b => $"new {Layers}.Bidirectional({Recurrent(b.Layer, inputFeatures)}, {Layers}.BidirectionalMerge.{Merge(b.Merge)})",
        DenseSpec d => $"new {Layers}.Dense({inputFeatures}, {d.Units}{(d.Activation == Activation.Linear ? "" : $", \"{d.Activation.KerasName()}\"")}{(d.UseBias ? "" : ", useBias: false")})",
        DropoutSpec d => $"new {Layers}.Dropout({d.Rate.ToString("R", CultureInfo.InvariantCulture)})",
        DotAttentionSpec a => $"new {Layers}.DotAttention({Arguments(a)})",
        _ => "null!",
    };

    /// <summary>The layer as its attributes read, for the class docs: <c>Bidirectional(LSTM(200, ReturnSequences = true))</c>.</summary>
    public static string Describe(LayerSpec spec) => spec switch
    {
        GraphBidirectionalSpec b => $"Bidirectional({LayerDisplay.Describe(b.Layer)}{(b.Merge == "concat" ? "" : $", merge: {(b.Merge is null ? "null" : $"\"{b.Merge}\"")}")})",
        DotAttentionSpec a => $"DotAttention({string.Join(", ", Options(a))})",
        _ => LayerDisplay.Describe(spec),
    };

    private static string Recurrent(RecurrentSpec r, int inputFeatures)
    {
        var options = new List<string>();
        AddIf(options, r.ReturnSequences, "ReturnSequences = true");
        AddIf(options, r.GoBackwards, "GoBackwards = true");
        AddIf(options, !r.UseBias, "UseBias = false");
        AddIf(options, r.Activation != Activation.Tanh, $"Activation = \"{r.Activation.KerasName()}\"");
        var optionText = options.Count == 0 ? "" : $", new {Layers}.RecurrentOptions {{ {string.Join(", ", options)} }}";
        return $"new {Layers}.{r.Kind}({inputFeatures}, {r.Units}{optionText})";
    }

    private static string Merge(string? merge) => merge switch
    {
        null => "None",
        "sum" => "Sum",
        "mul" => "Mul",
        "ave" => "Ave",
        _ => "Concat",
    };

    private static string Arguments(DotAttentionSpec a)
    {
        var arguments = new List<string>();
        AddIf(arguments, a.ConcatQuery, "concatQuery: true");
        AddIf(arguments, a.Scale, "scale: true");
        return string.Join(", ", arguments);
    }

    private static IEnumerable<string> Options(DotAttentionSpec a)
    {
        var options = new List<string>();
        AddIf(options, a.ConcatQuery, "ConcatQuery = true");
        AddIf(options, a.Scale, "Scale = true");
        return options;
    }

    private static void AddIf(List<string> items, bool condition, string item)
    {
        if (condition)
        {
            items.Add(item);
        }
    }
}
