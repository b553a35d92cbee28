using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// SimpleRNN, GRU and LSTM as <c>ModelDsl.Layers</c> modules, alone or wrapped in <c>Bidirectional</c>. The
/// Keras semantics (GoBackwards, the last step, masks, dropout) live in the runtime layer; the generated
/// code passes the options that differ from Keras's defaults and says in the shape comment what the layer does.
/// </summary>
internal static class RecurrentEmitter
{
    public static string FieldType(RecurrentSpec spec) => $"global::ModelDsl.Layers.{spec.Kind}";

    /// <summary><c>inputSize, units</c> and, when any option is not Keras's default, <c>new() { … }</c> with those options.</summary>
    public static string Arguments(RecurrentSpec spec, TensorType input)
    {
        var options = new List<string>();
        AddIf(options, spec.ReturnSequences, "ReturnSequences = true");
        AddIf(options, spec.GoBackwards, "GoBackwards = true");
        AddIf(options, !spec.UseBias, "UseBias = false");
        AddIf(options, spec.Activation != Activation.Tanh, $"Activation = \"{spec.Activation.KerasName()}\"");
        AddIf(options, spec.Dropout != 0, $"Dropout = {Number(spec.Dropout)}");
        AddIf(options, spec.RecurrentDropout != 0, $"RecurrentDropout = {Number(spec.RecurrentDropout)}");

        var sizes = $"{input.Shape.Last.Size.ToString(CultureInfo.InvariantCulture)}, {spec.Units.ToString(CultureInfo.InvariantCulture)}";
        return options.Count == 0 ? sizes : $"{sizes}, new() {{ {string.Join(", ", options)} }}";
    }

    /// <summary>The shape comment of a recurrent layer's forward line: the mapping, then what happens on the way.</summary>
    public static string Comment(LayerPlan layer, RecurrentSpec spec)
    {
        var notes = new List<string>();
        AddIf(notes, spec.GoBackwards, "time reversed (GoBackwards)");
        AddIf(notes, !spec.ReturnSequences, "last step");
        AddIf(notes, layer.Mask == MaskRole.Reads, "padding skipped");
        AddIf(notes, spec.Dropout != 0 || spec.RecurrentDropout != 0, "dropout while training");
        return Join(layer, notes);
    }

    /// <summary>The shape comment of a bidirectional layer's forward line.</summary>
    public static string Comment(LayerPlan layer, BidirectionalSpec spec)
    {
        var merged = spec.Merge switch
        {
            BidirectionalMergeKind.Sum => "summed",
            BidirectionalMergeKind.Mul => "multiplied",
            BidirectionalMergeKind.Ave => "averaged",
            _ => "concatenated",
        };
        var notes = new List<string> { spec.Layer.ReturnSequences ? $"forward and backward {merged}" : $"forward and backward last steps {merged}" };
        AddIf(notes, layer.Mask == MaskRole.Reads, "padding skipped");
        AddIf(notes, spec.Layer.Dropout != 0 || spec.Layer.RecurrentDropout != 0, "dropout while training");
        return Join(layer, notes);
    }

    private static string Join(LayerPlan layer, List<string> notes) =>
        $"{layer.Input.Shape} -> {layer.Output.Shape}" + (notes.Count == 0 ? "" : ", " + string.Join(", ", notes));

    private static void AddIf(List<string> items, bool condition, string item)
    {
        if (condition)
        {
            items.Add(item);
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
