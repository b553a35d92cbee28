using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelDsl.Saving;
using TorchSharp;

namespace ModelDsl.Cli;

/// <summary>
/// <c>manifest.json</c>, the last file <c>train</c> writes into a run folder and the first <c>evaluate</c> and
/// <c>predict</c> read: which model wrote the run (its name and the name, shape and type of every tensor of its
/// weights), the staging folder the files were written into, and each file's size and SHA-256.
/// </summary>
/// <remarks>
/// Writing the manifest is the moment a run replaces the previous one: a file whose bytes do not match its entry
/// belongs to another run, and readers refuse it by name.
/// </remarks>
internal sealed record RunManifest(string Model, IReadOnlyList<string> Layers, string Staging, IReadOnlyList<ContentEntry> Files)
{
    public const string FileName = "manifest.json";

    /// <summary>The value of <c>format</c>; readers refuse another.</summary>
    public const string Format = "ModelDsl.RunFolder/1";

    /// <summary>A manifest larger than this is not one <c>train</c> wrote (readers refuse it before parsing).</summary>
    public const int MaxBytes = 16 << 20;

    public ContentEntry? Find(string name) => Files.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The layer signature of <paramref name="module"/>: one <c>name [d0, d1] dtype</c> line per parameter and buffer,
    /// in the module's order.
    /// </summary>
    public static IReadOnlyList<string> LayersOf(torch.nn.Module module) =>
        LayerSignature.Of(module).Select(tensor => tensor.ToString()).ToArray();

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("model", Model);
            json.WriteString("staging", Staging);
            json.WriteStartArray("layers");
            foreach (string layer in Layers)
            {
                json.WriteStringValue(layer);
            }

            json.WriteEndArray();
            ContentEntry.WriteAll(json, "files", Files);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">It is not a manifest <c>train</c> wrote; the message names the file.</exception>
    public static RunManifest Load(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            if (!stream.CanSeek || stream.Length > MaxBytes)
            {
                throw new InvalidDataException($"{path}: expected a run manifest of at most {MaxBytes:N0} bytes written by 'train'.");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            string? format = root.GetProperty("format").GetString();
            if (format != Format)
            {
                throw new InvalidDataException($"{path}: expected the format '{Format}', found '{format}' (written by another version of ModelDsl?).");
            }

            var files = new List<ContentEntry>();
            foreach (JsonProperty file in root.GetProperty("files").EnumerateObject())
            {
                string name = file.Name;
                if (name.Length == 0 || name != Path.GetFileName(name) || name.StartsWith('.'))
                {
                    throw new InvalidDataException($"{path}: '{name}' is not the name of a file in the run folder.");
                }

                files.Add(ContentEntry.Read(file));
            }

            string staging = root.GetProperty("staging").GetString() ?? string.Empty;
            if (staging != Path.GetFileName(staging) || !staging.StartsWith(RunFolderWriter.StagingPrefix, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}: '{staging}' is not a staging folder name.");
            }

            return new RunManifest(
                root.GetProperty("model").GetString() ?? string.Empty,
                root.GetProperty("layers").EnumerateArray().Select(l => l.GetString() ?? string.Empty).ToArray(),
                staging,
                files);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: expected a run manifest written by 'train' ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Why <paramref name="layers"/> (the model that reads the run) cannot read weights written by this manifest's
    /// model, or <see langword="null"/> when they are the same.
    /// </summary>
    public string? Mismatch(string model, IReadOnlyList<string> layers)
    {
        for (int i = 0; i < Math.Max(layers.Count, Layers.Count); i++)
        {
            string? theirs = i < Layers.Count ? Layers[i] : null;
            string? ours = i < layers.Count ? layers[i] : null;
            if (theirs != ours)
            {
                return $"it was trained with {Model}, whose tensor {i + 1} is {theirs ?? "missing"}, where {model} has {ours ?? "none"}";
            }
        }

        return null;
    }
}
