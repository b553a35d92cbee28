using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace ModelDsl.Interop.PyTorch;

/// <summary>
/// Writes and reads a ModelDsl model's weights as a safetensors file (an 8-byte little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets}}</c>, then the raw little-endian tensor data) under the names and layouts a PyTorch
/// module of <c>nn.Embedding</c> / <c>nn.LSTM</c> / <c>nn.GRU</c> / <c>nn.RNN</c> (all <c>batch_first=True</c>) / <c>nn.Linear</c> /
/// <c>nn.Conv1d</c> accepts with <c>load_state_dict(strict=True)</c>; docs/pytorch-weights.md gives the module definitions
/// and the layers PyTorch has no equivalent for.
/// </summary>
public static class Safetensors
{
    private const int MaxHeaderBytes = 100 * 1024 * 1024;

    /// <summary>Writes every weight of <paramref name="module"/> to <paramref name="path"/> atomically (a temporary file, flushed, then renamed).</summary>
    /// <param name="module">A generated model or a ModelDsl layer.</param>
    /// <param name="path">The target file, conventionally <c>*.safetensors</c>.</param>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var entries = PyTorchStateDict.Of(module);
        var data = new List<byte[]>(entries.Count);
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                using var contiguous = tensor.detach().cpu().contiguous();
                var bytes = contiguous.bytes.ToArray();
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDType.NameOf(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var dimension in tensor.shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes.Length;
                data.Add(bytes);
            }

            json.WriteEndObject();
        }

        // The data starts 8-byte aligned: the header is padded with spaces, as the reference writer does.
        var headerBytes = header.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            stream.Write(length);
            stream.Write(headerBytes);
            stream.Write(Enumerable.Repeat((byte)' ', padded - headerBytes.Length).ToArray());
            foreach (var bytes in data)
            {
                stream.Write(bytes);
            }
        });
    }

    /// <summary>
    /// Fills <paramref name="module"/>'s weights from a safetensors file written by <see cref="Save"/> or by PyTorch
    /// (<c>safetensors.torch.save_file(model.state_dict(), …)</c> of the documented module). As <c>strict=True</c>, every
    /// weight must be there with its shape and no other tensor may be; floating-point data of another precision is converted.
    /// Nothing is changed unless the whole file fits.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not safetensors, or a tensor is missing, extra, or of another shape or type; the message names it.</exception>
    public static void Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = File.ReadAllBytes(path);
        var (entries, dataStart) = ReadHeader(file, path);
        var expected = PyTorchStateDict.Of(module);
        var missing = expected.Select(e => e.Name).Where(name => !entries.ContainsKey(name)).ToList();
        var extra = entries.Keys.Where(name => expected.All(e => e.Name != name)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidDataException(
                $"'{path}' does not hold this model's weights: missing {(missing.Count == 0 ? "none" : string.Join(", ", missing))}; "
                + $"unexpected {(extra.Count == 0 ? "none" : string.Join(", ", extra))}");
        }

        using var scope = NewDisposeScope();
        var values = new List<(Tensor Target, Tensor Value)>();
        foreach (var (name, target) in expected)
        {
            var entry = entries[name];
            if (!entry.Shape.SequenceEqual(target.shape))
            {
                throw new InvalidDataException($"'{path}': tensor '{name}' has shape [{string.Join(", ", entry.Shape)}], the model expects [{string.Join(", ", target.shape)}]");
            }

            var type = SafetensorsDType.TypeOf(entry.DType);
            if (type is null || (type != target.dtype && !(IsFloat(type.Value) && IsFloat(target.dtype))))
            {
                throw new InvalidDataException($"'{path}': tensor '{name}' is {entry.DType}, the model's is {SafetensorsDType.NameOf(target.dtype)}");
            }

            var value = empty(entry.Shape, dtype: type.Value);
            var size = value.NumberOfElements * value.ElementSize;
            if (entry.End - entry.Begin != size || entry.Begin < 0 || dataStart + entry.End > file.Length)
            {
                throw new InvalidDataException($"'{path}': tensor '{name}' has data_offsets [{entry.Begin}, {entry.End}] for {size} bytes in a data section of {file.Length - dataStart} bytes");
            }

            value.bytes = file.AsSpan((int)(dataStart + entry.Begin), (int)size);
            values.Add((target, value));
        }

        using (no_grad())
        {
            foreach (var (target, value) in values)
            {
                target.copy_(value.to_type(target.dtype));
            }
        }
    }

    private static bool IsFloat(ScalarType type) => type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;

    private sealed record Entry(string DType, long[] Shape, long Begin, long End);

    private static (Dictionary<string, Entry> Entries, long DataStart) ReadHeader(byte[] file, string path)
    {
        if (file.Length < 8)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file: it has {file.Length} bytes, fewer than the 8-byte header length");
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (length > MaxHeaderBytes || (long)length > file.Length - 8)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file: its header length {length} does not fit a file of {file.Length} bytes");
        }

        var entries = new Dictionary<string, Entry>();
        try
        {
            using var header = JsonDocument.Parse(file.AsMemory(8, (int)length));
            foreach (var property in header.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                var value = property.Value;
                var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                entries[property.Name] = new Entry(
                    value.GetProperty("dtype").GetString() ?? "",
                    value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
                    offsets.Length == 2 ? offsets[0] : -1,
                    offsets.Length == 2 ? offsets[1] : -1);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file: its header is not the expected JSON ({e.Message})", e);
        }

        return (entries, 8 + (long)length);
    }
}
