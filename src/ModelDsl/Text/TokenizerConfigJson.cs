using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace ModelDsl.Text;

/// <summary>
/// Reads the values of a Keras tokenizer's JSON config for <see cref="Tokenizer.FromJson"/>: each value checked for
/// its type and range, each refusal an <see cref="InvalidDataException"/> that names the key and what it found.
/// </summary>
internal static class TokenizerConfigJson
{
    public static List<(string Word, int Value)> ReadWordMap(JsonElement config, string key)
    {
        var entries = new List<(string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        WithNestedObject(config, key, nested =>
        {
            foreach (JsonProperty property in nested.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw InvalidJson($"\"{key}\" lists \"{Shorten(property.Name)}\" twice");
                }

                entries.Add((property.Name, ReadCount(property.Value, $"\"{key}\" entry \"{Shorten(property.Name)}\"", minimum: 1, "a positive integer")));
            }
        });
        return entries;
    }

    public static List<(int Index, string Word)> ReadIndexWord(JsonElement config)
    {
        var entries = new List<(int, string)>();
        WithNestedObject(config, "index_word", nested =>
        {
            foreach (JsonProperty property in nested.EnumerateObject())
            {
                int index = ParseIndexKey("index_word", property.Name);
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw InvalidJson($"\"index_word\" entry \"{property.Name}\" is {Describe(property.Value)}, expected a word (a string)");
                }

                entries.Add((index, property.Value.GetString()!));
            }
        });
        return entries;
    }

    public static List<(int Index, int Documents)> ReadIndexDocs(JsonElement config)
    {
        var entries = new List<(int, int)>();
        WithNestedObject(config, "index_docs", nested =>
        {
            foreach (JsonProperty property in nested.EnumerateObject())
            {
                entries.Add((ParseIndexKey("index_docs", property.Name),
                    ReadCount(property.Value, $"\"index_docs\" entry \"{property.Name}\"", minimum: 0, "a count of zero or more")));
            }
        });
        return entries;
    }

    /// <summary>Runs <paramref name="read"/> on the object stored under <paramref name="key"/>: a JSON string holding it (Keras) or the object itself.</summary>
    public static void WithNestedObject(JsonElement config, string key, Action<JsonElement> read)
    {
        if (!config.TryGetProperty(key, out JsonElement element))
        {
            throw InvalidJson($"\"config\" has no \"{key}\"");
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            read(element);
            return;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw InvalidJson($"\"{key}\" is {Describe(element)}, expected a string holding a JSON object (as Keras's to_json writes it)");
        }

        JsonDocument nested;
        try
        {
            nested = JsonDocument.Parse(element.GetString()!);
        }
        catch (JsonException ex)
        {
            throw InvalidJson($"\"{key}\" does not hold valid JSON ({ex.Message})", ex);
        }

        using (nested)
        {
            if (nested.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw InvalidJson($"\"{key}\" holds {Describe(nested.RootElement)}, expected a JSON object");
            }

            read(nested.RootElement);
        }
    }

    public static int ParseIndexKey(string key, string text)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index) && index >= 0)
        {
            return index;
        }

        throw InvalidJson($"\"{key}\" has the key \"{Shorten(text)}\", expected a word index (a non-negative integer)");
    }

    public static int ReadCount(JsonElement element, string what, int minimum, string expected)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value) && value >= minimum)
        {
            return value;
        }

        throw InvalidJson($"{what} is {Shorten(element.GetRawText())}, expected {expected}");
    }

    public static string ReadString(JsonElement config, string key, string fallback)
    {
        if (!config.TryGetProperty(key, out JsonElement element))
        {
            return fallback;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw InvalidJson($"\"{key}\" is {Describe(element)}, expected a string");
    }

    public static bool ReadBoolean(JsonElement config, string key, bool fallback)
    {
        if (!config.TryGetProperty(key, out JsonElement element))
        {
            return fallback;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InvalidJson($"\"{key}\" is {Describe(element)}, expected true or false"),
        };
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Shorten(element.GetRawText())}",
        JsonValueKind.Number => $"the number {Shorten(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "missing",
    };

    public static string Shorten(string text) =>
        text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    public static InvalidDataException InvalidJson(string problem, Exception? inner = null) =>
        new($"Not a Keras tokenizer JSON: {problem}.", inner);
}
