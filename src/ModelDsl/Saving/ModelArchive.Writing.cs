using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using ModelDsl.Runtime;
using ModelDsl.Text;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace ModelDsl.Saving;

/// <summary>Writing a model archive.</summary>
public sealed partial class ModelArchive
{
    /// <summary>Every entry's time stamp, so that the same model and tokenizer give the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Called with the archive's path and each entry's name before the entry is written, so a test can fail a write part-way.</summary>
    internal static Action<string, string>? BeforeEntryWritten { get; set; }

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> as a model archive, atomically (a temporary file in the
    /// same folder, flushed, then renamed over <paramref name="path"/>: a failed or killed write leaves the previous file).
    /// Generated models call this from <c>model.Save(path, tokenizer, preprocessing)</c>.
    /// </summary>
    /// <param name="model">The model; its class name and every parameter and buffer are recorded.</param>
    /// <param name="path">The archive, conventionally <c>*.mdsl</c>; its folder is created when missing.</param>
    /// <param name="inputs">The model's input signatures, in order.</param>
    /// <param name="trainingOptions">Its compile options.</param>
    /// <param name="tokenizer">The fitted tokenizer that turns texts into the model's ids, if any.</param>
    /// <param name="preprocessing">
    /// The ids per text and the padding. When <see langword="null"/> and the model takes one input of token ids of a fixed
    /// length, that length with Keras's <c>"pre"</c> padding and truncation is recorded.
    /// </param>
    /// <exception cref="ArgumentException">The preprocessing's length is not the fixed length the model takes.</exception>
    public static void Save(
        nn.Module model, string path, IReadOnlyList<InputSignature> inputs, TrainingOptions trainingOptions, Tokenizer? tokenizer = null, TextPreprocessing? preprocessing = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(trainingOptions);
        string name = model.GetType().Name;
        preprocessing = CheckPreprocessing(name, inputs, preprocessing);

        var contents = new List<(string Name, byte[] Bytes)>
        {
            (WeightsEntry, WeightsOf(model)),
            (CompileEntry, CompileOptionsJson.Write(trainingOptions)),
        };
        if (tokenizer is not null)
        {
            contents.Add((TokenizerEntry, new UTF8Encoding(false).GetBytes(tokenizer.ToJson())));
        }

        if (preprocessing is not null)
        {
            contents.Add((PreprocessingEntry, PreprocessingJson.Write(preprocessing)));
        }

        var entries = contents.ConvertAll(c => ContentEntry.Of(c.Name, c.Bytes));
        var manifest = new ArchiveManifest(ArchiveManifest.CurrentVersion, name, inputs, LayerSignature.Of(model), entries);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
            WriteEntry(zip, path, ArchiveManifest.EntryName, manifest.ToJson(), CompressionLevel.Optimal);
            foreach (var (entryName, bytes) in contents)
            {
                // The weights are floats, which deflate barely shrinks.
                WriteEntry(zip, path, entryName, bytes, entryName == WeightsEntry ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
            }
        });
    }

    /// <summary>The preprocessing to record: the given one, checked against a fixed input length, or that length.</summary>
    private static TextPreprocessing? CheckPreprocessing(string model, IReadOnlyList<InputSignature> inputs, TextPreprocessing? preprocessing)
    {
        long? fixedLength = inputs.Count == 1 && inputs[0].Dimensions.Count == 2 && inputs[0].Dimensions[1] > 0 ? inputs[0].Dimensions[1] : null;
        if (preprocessing is not null && fixedLength is { } length && preprocessing.MaxLength != length)
        {
            throw new ArgumentException(
                $"{model} takes {length} ids per text, but the preprocessing pads to {preprocessing.MaxLength}; pass new TextPreprocessing({length}) or none.",
                nameof(preprocessing));
        }

        return preprocessing
            ?? (fixedLength is { } fixedIds && inputs[0].ElementType == ScalarType.Int64 ? new TextPreprocessing((int)fixedIds) : null);
    }

    /// <summary>The weights as <see cref="TrainingSession.SaveWeights"/> writes them: TorchSharp's format with a SHA-256 trailer.</summary>
    private static byte[] WeightsOf(nn.Module model)
    {
        using var buffer = new MemoryStream();
        ChecksummedFile.WriteTo(buffer, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            using (NewDisposeScope())
            {
                model.save(writer);
            }

            writer.Flush();
        });
        return buffer.ToArray();
    }

    private static void WriteEntry(ZipArchive zip, string path, string name, byte[] bytes, CompressionLevel compression)
    {
        BeforeEntryWritten?.Invoke(path, name);
        ZipArchiveEntry entry = zip.CreateEntry(name, compression);
        entry.LastWriteTime = EntryTime;
        using Stream stream = entry.Open();
        stream.Write(bytes);
    }
}
