using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using ModelDsl.Layers;
using static TorchSharp.torch;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// The options of a Keras layer that change what it computes but not its weights' shapes (activations, which steps it
/// returns, its direction, masking, the Bidirectional merge), read from <c>model_config</c> and compared with the
/// declaration, so that a model that loads also computes what Keras did.
/// </summary>
internal static class KerasLayerOptions
{
    private static readonly string[] Keys =
        { "activation", "recurrent_activation", "return_sequences", "go_backwards", "mask_zero", "merge_mode" };

    /// <summary>The compared options present in <paramref name="config"/>, added to <paramref name="outer"/> (a Bidirectional's own) when given.</summary>
    public static IReadOnlyDictionary<string, string> Read(JsonElement config, IReadOnlyDictionary<string, string>? outer = null)
    {
        var options = outer is null ? new Dictionary<string, string>() : new Dictionary<string, string>(outer);
        foreach (var key in Keys)
        {
            if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty(key, out var value))
            {
                options[key] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString() ?? "",
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "null",
                    _ => value.GetRawText(),
                };
            }
        }

        return options;
    }

    /// <summary>The same options as the ModelDsl layer has them (only those the layer kind has).</summary>
    public static IReadOnlyDictionary<string, string> Of(nn.Module module)
    {
        var options = new Dictionary<string, string>();
        switch (module)
        {
            case Embedding embedding:
                options["mask_zero"] = Flag(embedding.MaskZero);
                break;
            case Dense dense:
                options["activation"] = dense.Activation;
                break;
            case Conv1D conv:
                options["activation"] = conv.Activation;
                break;
            case Bidirectional bidirectional:
                options["merge_mode"] = bidirectional.Merge == BidirectionalMerge.None ? "null" : bidirectional.Merge.ToString().ToLowerInvariant();
                AddRecurrent(bidirectional.ForwardLayer, options);
                break;
            case RecurrentLayer recurrent:
                AddRecurrent(recurrent, options);
                break;
        }

        return options;
    }

    private static void AddRecurrent(RecurrentLayer layer, Dictionary<string, string> options)
    {
        options["activation"] = layer.Options.Activation;
        if (layer is not SimpleRNN)
        {
            options["recurrent_activation"] = layer.Options.RecurrentActivation;
        }

        options["return_sequences"] = Flag(layer.Options.ReturnSequences);
        options["go_backwards"] = Flag(layer.Options.GoBackwards);
    }

    private static string Flag(bool value) => value ? "true" : "false";
}
