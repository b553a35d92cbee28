using System.Collections.Generic;
using System.Globalization;
using ModelDsl.Saving;

namespace ModelDsl.Onnx;

/// <summary>
/// The keys of the metadata ModelDsl documents for an exported model's <c>metadata_props</c>, so that a server can
/// turn text into the model's input without any other file. Every value is a string; any other key is kept as given.
/// </summary>
public static class OnnxMetadataKeys
{
    /// <summary>The tokenizer as Keras's <c>Tokenizer.to_json()</c> writes it (<c>Tokenizer.ToJson()</c>).</summary>
    public const string Tokenizer = "modeldsl.tokenizer";

    /// <summary>The number of token ids per example (the input's length), in invariant digits, e.g. <c>40</c>.</summary>
    public const string MaxLength = "modeldsl.max_length";

    /// <summary>Where short sequences are padded with id 0: <c>pre</c> or <c>post</c> (Keras's <c>pad_sequences</c>).</summary>
    public const string Padding = "modeldsl.padding";

    /// <summary>Which end of a long sequence is cut: <c>pre</c> or <c>post</c> (Keras's <c>pad_sequences</c>).</summary>
    public const string Truncating = "modeldsl.truncating";

    /// <summary>The model class the file was exported from. Written by the exporter itself unless given.</summary>
    public const string Model = "modeldsl.model";

    /// <summary>The graph's inputs, comma-separated, each <c>name:element type:shape</c>, e.g. <c>input:int64:[B, 40]</c>. Written by the exporter.</summary>
    public const string Inputs = "modeldsl.inputs";

    /// <summary>
    /// The metadata a server needs to turn text into a text model's input: the tokenizer and how its ids are padded
    /// or cut to the model's length.
    /// </summary>
    /// <param name="tokenizer">The tokenizer the model was trained with.</param>
    /// <param name="preprocessing">The length, padding and truncating the model was trained with.</param>
    public static IReadOnlyDictionary<string, string> ForText(Text.Tokenizer tokenizer, TextPreprocessing preprocessing) =>
        new Dictionary<string, string>
        {
            [Tokenizer] = tokenizer.ToJson(),
            [MaxLength] = preprocessing.MaxLength.ToString(CultureInfo.InvariantCulture),
            [Padding] = preprocessing.Padding,
            [Truncating] = preprocessing.Truncating,
        };
}
