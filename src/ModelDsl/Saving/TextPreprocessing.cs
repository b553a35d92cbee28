using System;
using System.Collections.Generic;
using ModelDsl.Text;

namespace ModelDsl.Saving;

/// <summary>
/// How texts became a model's input when it was trained: the tokenizer's ids, then Keras's <c>pad_sequences</c> to
/// <see cref="MaxLength"/>, padding and cutting at the start (<c>"pre"</c>, Keras's default) or at the end (<c>"post"</c>).
/// A model archive keeps it beside the tokenizer so a predictor repeats it exactly.
/// </summary>
public sealed record TextPreprocessing
{
    /// <summary>The ids per text.</summary>
    /// <param name="maxLength">The ids per text, at least 1.</param>
    /// <param name="padding"><c>"pre"</c> or <c>"post"</c>: where short texts get padding zeros.</param>
    /// <param name="truncating"><c>"pre"</c> or <c>"post"</c>: where long texts lose ids.</param>
    /// <exception cref="ArgumentException">A value out of range, named.</exception>
    public TextPreprocessing(int maxLength, string padding = "pre", string truncating = "pre")
    {
        if (maxLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be at least 1 (the ids per text).");
        }

        MaxLength = maxLength;
        Padding = CheckSide(padding, nameof(padding));
        Truncating = CheckSide(truncating, nameof(truncating));
    }

    /// <summary>The ids per text (Keras's <c>maxlen</c>).</summary>
    public int MaxLength { get; }

    /// <summary><c>"pre"</c> or <c>"post"</c> (Keras's <c>padding</c>).</summary>
    public string Padding { get; }

    /// <summary><c>"pre"</c> or <c>"post"</c> (Keras's <c>truncating</c>).</summary>
    public string Truncating { get; }

    /// <summary>The padded ids of <paramref name="texts"/>: <c>texts_to_sequences</c>, then <c>pad_sequences</c> with these settings.</summary>
    public PaddedSequences Apply(Tokenizer tokenizer, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        return Sequences.PadSequences(tokenizer.TextsToSequences(texts), MaxLength, Padding, Truncating);
    }

    private static string CheckSide(string side, string parameter) => side is "pre" or "post"
        ? side
        : throw new ArgumentException($"{parameter} must be \"pre\" or \"post\" (as in Keras's pad_sequences), not \"{side}\".", parameter);
}
