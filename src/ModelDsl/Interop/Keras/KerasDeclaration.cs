using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// Writes the ModelDsl declaration of a Keras Sequential model from its <c>model_config</c> JSON: one attribute per layer,
/// options only where they differ from ModelDsl's defaults (which are tf.keras 2's).
/// </summary>
internal static class KerasDeclaration
{
    public static string Write(string json, string? className, string path)
    {
        using var document = ParseOrFail(json, path);
        var root = document.RootElement;
        var modelClass = Text(root, "class_name");
        if (modelClass != "Sequential")
        {
            throw new KerasImportException($"'{path}': the model is a {modelClass ?? "model of unknown class"}; only Sequential models can be printed as a declaration");
        }

        var config = root.GetProperty("config");
        var layers = (config.ValueKind == JsonValueKind.Array ? config : config.GetProperty("layers")).EnumerateArray().ToList();
        var name = className ?? PascalCase(config.ValueKind == JsonValueKind.Object ? Text(config, "name") ?? "KerasModel" : "KerasModel");
        var lines = new List<string> { "[Model]" };
        var inputShape = layers.Select(l => l.GetProperty("config")).Select(c => c.TryGetProperty("batch_input_shape", out var s) ? s : default)
            .FirstOrDefault(s => s.ValueKind == JsonValueKind.Array);
        if (inputShape.ValueKind != JsonValueKind.Array)
        {
            throw new KerasImportException($"'{path}': the model_config gives no input shape (batch_input_shape); declare [Input(...)] by hand");
        }

        var firstLayer = layers.FirstOrDefault(l => Text(l, "class_name") != "InputLayer");
        var takesIds = firstLayer.ValueKind == JsonValueKind.Object && Text(firstLayer, "class_name") == "Embedding";
        var dimensions = inputShape.EnumerateArray().Skip(1).Select(d => d.ValueKind == JsonValueKind.Null ? "Dimension.Unknown" : d.GetInt64().ToString(CultureInfo.InvariantCulture));
        lines.Add($"[Input({string.Join(", ", dimensions)}{(takesIds ? "" : ", DType = \"float32\"")})]");
        foreach (var layer in layers.Where(l => Text(l, "class_name") != "InputLayer"))
        {
            lines.AddRange(Layer(layer, path));
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.Append("public partial class ").Append(name).Append(";\n").ToString();
    }

    private static IEnumerable<string> Layer(JsonElement layer, string path)
    {
        var kind = Text(layer, "class_name") ?? "";
        var c = layer.GetProperty("config");
        var layerName = Text(c, "name") ?? "?";
        switch (kind)
        {
            case "Embedding":
                yield return Attribute("Embedding", new[] { Int(c, "input_dim"), Int(c, "output_dim") }, Flag(c, "mask_zero", false, "MaskZero"), Flag(c, "trainable", true, "Trainable"));
                break;
            case "SimpleRNN" or "GRU" or "LSTM":
                yield return Recurrent(kind, c);
                break;
            case "Bidirectional":
                {
                    // merge_mode None keeps the directions apart: [Bidirectional(null)].
                    var merge = c.TryGetProperty("merge_mode", out var m) && m.ValueKind == JsonValueKind.Null ? null : Text(c, "merge_mode") ?? "concat";
                    yield return merge switch
                    {
                        null => "[Bidirectional(null)]",
                        "concat" => "[Bidirectional]",
                        _ => $"[Bidirectional(Merges.{char.ToUpperInvariant(merge[0])}{merge[1..]})]",
                    };
                    var inner = c.GetProperty("layer");
                    yield return Recurrent(Text(inner, "class_name") ?? "", inner.GetProperty("config"));
                    break;
                }
            case "Dense":
                yield return Attribute("Dense", new[] { Int(c, "units") }, Str(c, "activation", "linear", "Activation"), Flag(c, "use_bias", true, "UseBias"));
                break;
            case "Conv1D":
                yield return Attribute("Conv1D", new[] { Int(c, "filters"), First(c, "kernel_size") },
                    Str(c, "activation", "linear", "Activation"), Str(c, "padding", "valid", "Padding"), Number(c, "strides", 1, "Strides"),
                    Number(c, "dilation_rate", 1, "DilationRate"), Flag(c, "use_bias", true, "UseBias"));
                break;
            case "Dropout":
                yield return $"[Dropout({Double(c, "rate")})]";
                break;
            case "Activation":
                yield return $"[Activation(\"{Text(c, "activation")}\")]";
                break;
            case "Flatten" or "GlobalMaxPooling1D" or "GlobalAveragePooling1D":
                yield return $"[{kind}]";
                break;
            case "MaxPooling1D" or "AveragePooling1D":
                {
                    var pool = First(c, "pool_size");
                    var strides = c.TryGetProperty("strides", out var s) && s.ValueKind != JsonValueKind.Null ? First(c, "strides") : pool;
                    yield return Attribute(kind, new[] { pool }, strides == pool ? null : $"Strides = {strides}", Str(c, "padding", "valid", "Padding"));
                    break;
                }
            default:
                throw new KerasImportException($"'{path}': Keras layer '{layerName}' ({kind}) has no ModelDsl attribute");
        }
    }

    private static string Recurrent(string kind, JsonElement c) =>
        Attribute(kind, new[] { Int(c, "units") },
            Flag(c, "return_sequences", false, "ReturnSequences"),
            Str(c, "activation", "tanh", "Activation"),
            kind == "SimpleRNN" ? null : Str(c, "recurrent_activation", "sigmoid", "RecurrentActivation"),
            Flag(c, "use_bias", true, "UseBias"),
            Flag(c, "go_backwards", false, "GoBackwards"),
            kind == "GRU" ? Flag(c, "reset_after", true, "ResetAfter") : null,
            Flag(c, "stateful", false, "Stateful"),
            c.TryGetProperty("dropout", out var d) && d.GetDouble() != 0 ? $"Dropout = {Double(c, "dropout")}" : null,
            c.TryGetProperty("recurrent_dropout", out var r) && r.GetDouble() != 0 ? $"RecurrentDropout = {Double(c, "recurrent_dropout")}" : null);

    private static string Attribute(string kind, long[] arguments, params string?[] options)
    {
        var parts = arguments.Select(a => a.ToString(CultureInfo.InvariantCulture)).Concat(options.Where(o => o is not null)!).ToList();
        return $"[{kind}({string.Join(", ", parts)})]";
    }

    private static string? Flag(JsonElement c, string key, bool fallback, string option) =>
        c.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False && v.GetBoolean() != fallback
            ? $"{option} = {(v.GetBoolean() ? "true" : "false")}"
            : null;

    private static string? Str(JsonElement c, string key, string fallback, string option) =>
        c.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() != fallback ? $"{option} = \"{v.GetString()}\"" : null;

    private static string? Number(JsonElement c, string key, long fallback, string option) =>
        c.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null && First(c, key) != fallback ? $"{option} = {First(c, key)}" : null;

    private static long Int(JsonElement c, string key) => c.GetProperty(key).GetInt64();

    // Keras stores 1-D sizes as [k] in the config.
    private static long First(JsonElement c, string key)
    {
        var v = c.GetProperty(key);
        return v.ValueKind == JsonValueKind.Array ? v[0].GetInt64() : v.GetInt64();
    }

    private static string Double(JsonElement c, string key) => c.GetProperty(key).GetDouble().ToString("R", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string PascalCase(string name) =>
        string.Concat(name.Split('_', '-', ' ').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static JsonDocument ParseOrFail(string json, string path)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new KerasImportException($"'{path}': the root attribute model_config is not JSON: {e.Message}", e);
        }
    }
}
