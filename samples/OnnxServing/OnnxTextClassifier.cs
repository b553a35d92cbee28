using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelDsl.Onnx;
using ModelDsl.Text;

namespace OnnxServing;

/// <summary>
/// Text in, probabilities out, from one exported <c>.onnx</c> file: the tokenizer, the length and the padding come from
/// the file's metadata (<see cref="OnnxMetadataKeys"/>), the numbers from ONNX Runtime. Uses ModelDsl only for its
/// Keras-compatible tokenizer and <c>pad_sequences</c>, which never load libtorch.
/// </summary>
public sealed class OnnxTextClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Tokenizer _tokenizer;
    private readonly string _padding;
    private readonly string _truncating;

    private OnnxTextClassifier(string path)
    {
        _session = new InferenceSession(path);
        try
        {
            var metadata = _session.ModelMetadata.CustomMetadataMap;
            string Required(string key) => metadata.TryGetValue(key, out var value)
                ? value
                : throw new InvalidOperationException($"{path}: the model's metadata has no '{key}'; export it with ExportOnnx(path, metadata) giving {nameof(OnnxMetadataKeys)}.{KeyName(key)}.");

            _tokenizer = Tokenizer.FromJson(Required(OnnxMetadataKeys.Tokenizer));
            MaxLength = int.Parse(Required(OnnxMetadataKeys.MaxLength), NumberStyles.None, CultureInfo.InvariantCulture);
            _padding = metadata.GetValueOrDefault(OnnxMetadataKeys.Padding, "pre");
            _truncating = metadata.GetValueOrDefault(OnnxMetadataKeys.Truncating, "pre");
            ModelName = metadata.GetValueOrDefault(OnnxMetadataKeys.Model, "(unnamed)");

            var input = _session.InputMetadata.Single();
            var dimensions = input.Value.Dimensions;
            if (input.Value.ElementDataType != TensorElementType.Int64 || dimensions.Length != 2 || (dimensions[1] > 0 && dimensions[1] != MaxLength))
            {
                throw new InvalidOperationException(
                    $"{path}: expected one input of token ids [batch, {MaxLength}] int64, got '{input.Key}' [{string.Join(", ", dimensions)}] {input.Value.ElementDataType}.");
            }

            InputName = input.Key;
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The model class the file was exported from.</summary>
    public string ModelName { get; }

    /// <summary>Token ids per text.</summary>
    public int MaxLength { get; }

    /// <summary>The graph's input.</summary>
    public string InputName { get; }

    /// <summary>Loads <paramref name="path"/>; throws naming the file when its metadata or input does not fit a text classifier.</summary>
    public static OnnxTextClassifier Load(string path) => new(path);

    /// <summary>The model's output for each text (for the IMDB model, the probability that the review is positive).</summary>
    public float[] Predict(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var padded = Sequences.PadSequences(_tokenizer.TextsToSequences(texts), MaxLength, _padding, _truncating);
        using var ids = OrtValue.CreateTensorValueFromMemory(padded.Values, new long[] { padded.Count, MaxLength });
        using var options = new RunOptions();
        using var outputs = _session.Run(options, new[] { InputName }, new[] { ids }, _session.OutputNames);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();

    private static string KeyName(string key) => typeof(OnnxMetadataKeys).GetFields().FirstOrDefault(f => (string?)f.GetRawConstantValue() == key)?.Name ?? key;
}
