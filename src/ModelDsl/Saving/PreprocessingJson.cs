using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ModelDsl.Saving;

/// <summary><c>preprocessing.json</c> of a model archive: <c>{"max_length": N, "padding": "pre", "truncating": "pre"}</c>.</summary>
internal static class PreprocessingJson
{
    public static byte[] Write(TextPreprocessing preprocessing) => Encoding.UTF8.GetBytes(
        "{\n"
        + $"  \"max_length\": {preprocessing.MaxLength.ToString(CultureInfo.InvariantCulture)},\n"
        + $"  \"padding\": \"{preprocessing.Padding}\",\n"
        + $"  \"truncating\": \"{preprocessing.Truncating}\"\n"
        + "}\n");

    /// <exception cref="InvalidDataException">Not the layout <see cref="Write"/> writes, or a value out of range.</exception>
    public static TextPreprocessing Read(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            return new TextPreprocessing(
                root.GetProperty("max_length").GetInt32(),
                root.GetProperty("padding").GetString() ?? string.Empty,
                root.GetProperty("truncating").GetString() ?? string.Empty);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"expected {{\"max_length\": N, \"padding\": \"pre\"|\"post\", \"truncating\": \"pre\"|\"post\"}} ({ex.Message})", ex);
        }
    }
}
