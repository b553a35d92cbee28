using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelDsl.Training;

namespace ModelDsl.Saving;

/// <summary>
/// <c>compile.json</c> of a model archive: the <see cref="TrainingOptions"/> a model was compiled with, under Keras's
/// names (<c>loss</c>, <c>optimizer</c>, <c>metrics</c>, <c>learning_rate</c>, <c>beta_1</c>, …); unset options are <c>null</c>.
/// </summary>
internal static class CompileOptionsJson
{
    public static byte[] Write(TrainingOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteString(json, "loss", options.Loss);
            json.WriteBoolean("from_logits", options.FromLogits);
            json.WriteString("optimizer", options.Optimizer);
            json.WriteStartArray("metrics");
            foreach (string metric in options.Metrics ?? Array.Empty<string>())
            {
                json.WriteStringValue(metric);
            }

            json.WriteEndArray();
            WriteNumber(json, "learning_rate", options.LearningRate);
            WriteNumber(json, "clip_norm", options.ClipNorm);
            json.WriteNumber("weight_decay", options.WeightDecay);
            json.WriteNumber("momentum", options.Momentum);
            WriteNumber(json, "beta_1", options.Beta1);
            WriteNumber(json, "beta_2", options.Beta2);
            WriteNumber(json, "epsilon", options.Epsilon);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">Not the layout <see cref="Write"/> writes; the message says what is wrong.</exception>
    public static TrainingOptions Read(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            return new TrainingOptions
            {
                Loss = NullableString(root, "loss"),
                FromLogits = root.GetProperty("from_logits").GetBoolean(),
                Optimizer = root.GetProperty("optimizer").GetString() ?? throw new InvalidDataException("'optimizer' is null."),
                Metrics = root.GetProperty("metrics").EnumerateArray().Select(m => m.GetString() ?? string.Empty).ToArray(),
                LearningRate = NullableNumber(root, "learning_rate"),
                ClipNorm = NullableNumber(root, "clip_norm"),
                WeightDecay = root.GetProperty("weight_decay").GetDouble(),
                Momentum = root.GetProperty("momentum").GetDouble(),
                Beta1 = NullableNumber(root, "beta_1"),
                Beta2 = NullableNumber(root, "beta_2"),
                Epsilon = NullableNumber(root, "epsilon"),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"expected the compile options ModelDsl writes ({ex.Message})", ex);
        }
    }

    private static void WriteString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string? NullableString(JsonElement root, string name) =>
        root.GetProperty(name) is { ValueKind: JsonValueKind.Null } ? null : root.GetProperty(name).GetString();

    private static double? NullableNumber(JsonElement root, string name) =>
        root.GetProperty(name) is { ValueKind: JsonValueKind.Null } ? null : root.GetProperty(name).GetDouble();
}
