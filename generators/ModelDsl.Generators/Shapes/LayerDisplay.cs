using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>How a layer is named in messages and generated docs: as its attribute reads.</summary>
internal static class LayerDisplay
{
    /// <summary>Short form for messages: <c>LSTM(32)</c>.</summary>
    public static string Of(LayerSpec layer) => layer switch
    {
        EmbeddingSpec e => $"Embedding({e.InputDim}, {e.OutputDim})",
        RecurrentSpec r => $"{r.KerasName}({r.Units})",
        BidirectionalSpec b => $"Bidirectional({Of(b.Layer)}{MergeArgument(b)})",
        DenseSpec d => $"Dense({d.Units})",
        DropoutSpec d => $"Dropout({Number(d.Rate)})",
        ActivationSpec a => $"Activation(\"{a.Activation.KerasName()}\")",
        _ => layer.KerasName,
    };

    /// <summary>Long form with every option that differs from Keras's default: <c>LSTM(32, ReturnSequences = true)</c>.</summary>
    public static string Describe(LayerSpec layer)
    {
        if (layer is BidirectionalSpec bidirectional)
        {
            return $"Bidirectional({Describe(bidirectional.Layer)}{MergeArgument(bidirectional)})";
        }

        var options = new List<string>();
        switch (layer)
        {
            case RecurrentSpec r:
                AddIf(options, r.ReturnSequences, "ReturnSequences = true");
                AddIf(options, r.Activation != Activation.Tanh, $"Activation = \"{r.Activation.KerasName()}\"");
                AddIf(options, !r.UseBias, "UseBias = false");
                AddIf(options, r.GoBackwards, "GoBackwards = true");
                AddIf(options, r.Dropout != 0, $"Dropout = {Number(r.Dropout)}");
                AddIf(options, r.RecurrentDropout != 0, $"RecurrentDropout = {Number(r.RecurrentDropout)}");
                break;
            case EmbeddingSpec e:
                AddIf(options, e.MaskZero, "MaskZero = true");
                AddIf(options, !e.Trainable, "Trainable = false");
                break;
            case DenseSpec d:
                AddIf(options, d.Activation != Activation.Linear, $"Activation = \"{d.Activation.KerasName()}\"");
                AddIf(options, !d.UseBias, "UseBias = false");
                break;
        }

        var text = Of(layer);
        return options.Count == 0 ? text : text.Substring(0, text.Length - 1) + ", " + string.Join(", ", options) + ")";
    }

    /// <summary>The merge as <c>[Bidirectional]</c> is written, left out for the default <c>concat</c>.</summary>
    private static string MergeArgument(BidirectionalSpec layer) => layer.Merge switch
    {
        BidirectionalMergeKind.Concat => "",
        BidirectionalMergeKind.None => ", merge: null",
        _ => $", merge: \"{layer.Merge.KerasName()}\"",
    };

    private static void AddIf(List<string> options, bool condition, string option)
    {
        if (condition)
        {
            options.Add(option);
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
