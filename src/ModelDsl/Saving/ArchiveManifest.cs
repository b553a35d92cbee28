using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Saving;

/// <summary>
/// <c>manifest.json</c> of a model archive: the format and its version, the model class, its inputs, its layer
/// signature, and the size and SHA-256 of every other entry.
/// </summary>
internal sealed record ArchiveManifest(
    int Version, string Model, IReadOnlyList<InputSignature> Inputs, IReadOnlyList<TensorSignature> Layers, IReadOnlyList<ContentEntry> Entries)
{
    public const string EntryName = "manifest.json";

    /// <summary>The value of <c>format</c>: a file with another is not a model archive.</summary>
    public const string Format = "ModelDsl.ModelArchive";

    /// <summary>The version this library writes, and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>A manifest larger than this is not one ModelDsl wrote (refused before parsing).</summary>
    public const int MaxBytes = 16 << 20;

    public ContentEntry? Find(string name) => Entries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteString("model", Model);
            json.WriteStartArray("inputs");
            foreach (InputSignature input in Inputs)
            {
                json.WriteStartObject();
                json.WriteString("name", input.InputName);
                json.WriteString("dtype", input.ElementType.ToString().ToLowerInvariant());
                WriteShape(json, input.Dimensions);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("layers");
            foreach (TensorSignature layer in Layers)
            {
                json.WriteStartObject();
                json.WriteString("name", layer.Name);
                WriteShape(json, layer.Shape);
                json.WriteString("dtype", layer.DType);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            ContentEntry.WriteAll(json, "entries", Entries);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Parses a manifest; <paramref name="path"/> names the archive in messages.</summary>
    /// <exception cref="InvalidDataException">Not a model archive's manifest, or one of a newer format version.</exception>
    public static ArchiveManifest Parse(byte[] bytes, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            string? format = root.GetProperty("format").GetString();
            if (format != Format)
            {
                throw new InvalidDataException($"{path} is not a ModelDsl model archive: its manifest's format is '{format}', expected '{Format}'.");
            }

            int version = root.GetProperty("version").GetInt32();
            if (version != CurrentVersion)
            {
                throw new InvalidDataException(version > CurrentVersion
                    ? $"{path} is a model archive of format version {version}, newer than this ModelDsl reads (version {CurrentVersion}); load it with a newer ModelDsl."
                    : $"{path} claims model archive format version {version}, which no ModelDsl wrote (this one reads version {CurrentVersion}).");
            }

            string model = root.GetProperty("model").GetString() ?? string.Empty;
            var inputs = root.GetProperty("inputs").EnumerateArray()
                .Select(i => new InputSignature(
                    model,
                    i.GetProperty("name").GetString() ?? string.Empty,
                    Enum.Parse<ScalarType>(i.GetProperty("dtype").GetString() ?? string.Empty, ignoreCase: true),
                    ReadShape(i)))
                .ToArray();
            var layers = root.GetProperty("layers").EnumerateArray()
                .Select(l => new TensorSignature(l.GetProperty("name").GetString() ?? string.Empty, ReadShape(l), l.GetProperty("dtype").GetString() ?? string.Empty))
                .ToArray();
            var entries = root.GetProperty("entries").EnumerateObject().Select(ContentEntry.Read).ToArray();
            return new ArchiveManifest(version, model, inputs, layers, entries);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: its {EntryName} is not a model archive manifest ({ex.Message})", ex);
        }
    }

    private static void WriteShape(Utf8JsonWriter json, IReadOnlyList<long> shape)
    {
        json.WriteStartArray("shape");
        foreach (long dimension in shape)
        {
            json.WriteNumberValue(dimension);
        }

        json.WriteEndArray();
    }

    private static long[] ReadShape(JsonElement element) => element.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
}
