using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>Reads pretrained word vectors into a matrix for <see cref="Embedding.LoadWeights"/>.</summary>
public static class PretrainedVectors
{
    /// <summary>
    /// Reads a GloVe text file (<c>word v1 v2 …</c> per line, optionally gzip-compressed) into a float32
    /// <c>[inputDim, outputDim]</c> matrix whose row i is the vector of the word with index i in
    /// <paramref name="wordIndex"/>; rows of words without a vector (and row 0, padding) stay zero, as in
    /// the Keras pretrained-embeddings tutorial. Words with an index ≥ <paramref name="inputDim"/> are skipped.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line's vector does not have <paramref name="outputDim"/> values, or a value is not a number.</exception>
    /// <exception cref="TorchNativeLoadException">TorchSharp's native library cannot be loaded (checked before the file is read).</exception>
    public static Tensor ReadGlove(string path, IReadOnlyDictionary<string, int> wordIndex, int inputDim, int outputDim)
    {
        TorchRuntime.EnsureLoaded();
        return ReadGloveCore(path, wordIndex, inputDim, outputDim);
    }

    /// <summary>
    /// Keras's <c>model.get_layer(name).set_weights([matrix])</c> for embeddings: copies <paramref name="matrix"/> into the
    /// <see cref="Embedding"/> named <paramref name="layer"/> (its Keras-style field name, <c>embedding</c>, <c>embedding_1</c>, …
    /// or a graph model's snake_case property name) inside <paramref name="model"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No Embedding has that name (the message lists the model's embeddings), or the matrix is not <c>[inputDim, outputDim]</c>.</exception>
    public static void LoadInto(nn.Module model, string layer, Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(matrix);
        var embeddings = new List<(string Name, Embedding Layer)>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is Embedding embedding)
            {
                embeddings.Add((name, embedding));
            }
        }

        foreach (var (name, embedding) in embeddings)
        {
            if (name == layer)
            {
                embedding.LoadWeights(matrix);
                return;
            }
        }

        var known = embeddings.Count == 0 ? "it has none" : "its embeddings: " + string.Join(", ", embeddings.ConvertAll(e => e.Name));
        throw new ArgumentException($"{model.GetType().Name} has no Embedding named '{layer}' ({known}).", nameof(layer));
    }

    private static Tensor ReadGloveCore(string path, IReadOnlyDictionary<string, int> wordIndex, int inputDim, int outputDim)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(wordIndex);
        if (inputDim <= 0 || outputDim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputDim), $"ReadGlove: inputDim {inputDim} and outputDim {outputDim} must be positive");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ReadGlove: no GloVe file at '{Path.GetFullPath(path)}'", path);
        }

        var matrix = new float[(long)inputDim * outputDim];
        using (var reader = OpenText(path))
        {
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                ReadLine(line, lineNumber, path, wordIndex, inputDim, outputDim, matrix);
            }
        }

        return tensor(matrix, new long[] { inputDim, outputDim });
    }

    private static void ReadLine(string line, int lineNumber, string path, IReadOnlyDictionary<string, int> wordIndex, int inputDim, int outputDim, float[] matrix)
    {
        var fields = line.TrimEnd().Split(' ');
        var word = fields[0];

        // Every line is checked, used or not, so a file of the wrong dimension fails on its first line.
        if (fields.Length - 1 != outputDim)
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(path)} line {lineNumber}: the vector of '{word}' has {fields.Length - 1} values, expected outputDim = {outputDim}");
        }

        if (!wordIndex.TryGetValue(word, out var index) || index < 0 || index >= inputDim)
        {
            return;
        }

        var row = (long)index * outputDim;
        for (var i = 0; i < outputDim; i++)
        {
            if (!float.TryParse(fields[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException(
                    $"{Path.GetFileName(path)} line {lineNumber}: value {i + 1} of '{word}' is not a number: '{fields[i + 1]}'");
            }

            matrix[row + i] = value;
        }
    }

    private static StreamReader OpenText(string path)
    {
        var file = File.OpenRead(path);
        var magic = new byte[2];
        var read = file.Read(magic, 0, 2);
        file.Position = 0;

        // gzip by content, not by name, so a renamed download still reads.
        Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(stream, System.Text.Encoding.UTF8);
    }
}
