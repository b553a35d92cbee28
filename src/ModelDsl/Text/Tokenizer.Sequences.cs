using System;
using System.Collections.Generic;
using System.Text;

namespace ModelDsl.Text;

/// <summary>Keras's methods that start from sequences of indices rather than texts.</summary>
public sealed partial class Tokenizer
{
    /// <summary>
    /// Keras's <c>fit_on_sequences</c>: adds the sequences to <see cref="DocumentCount"/> and, for each sequence,
    /// one to the <see cref="IndexDocs"/> entry of every distinct index in it. <see cref="WordIndex"/>,
    /// <see cref="WordCounts"/> and <see cref="WordDocs"/> do not change. Use it to get document frequencies for
    /// <see cref="MatrixMode.Tfidf"/> when there are only sequences.
    /// </summary>
    /// <param name="sequences">The sequences of indices; each is one document.</param>
    /// <exception cref="ArgumentException">
    /// A sequence is <c>null</c> or holds a negative index (Keras would count it; it is no index here). Nothing is
    /// counted then.
    /// </exception>
    public void FitOnSequences(IReadOnlyList<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int count = sequences.Count;
        for (int row = 0; row < count; row++)
        {
            CheckSequence(sequences[row], row, nameof(sequences));
        }

        checked
        {
            DocumentCount += count;
        }

        var seen = new HashSet<int>();
        for (int row = 0; row < count; row++)
        {
            seen.Clear();
            foreach (int index in sequences[row])
            {
                if (seen.Add(index))
                {
                    _indexDocs[index] = _indexDocs.TryGetValue(index, out int documents) ? documents + 1 : 1;
                }
            }
        }

        _indexDocsView = null;
    }

    /// <summary>
    /// Keras's <c>sequences_to_texts</c>: each sequence becomes the words of its indices, joined by one space
    /// (whatever <see cref="Split"/> is, and also with <see cref="CharLevel"/>). Indices with no word (0 among
    /// them) are dropped, or become the <see cref="OovToken"/> when it is set; with <see cref="NumWords"/>, indices
    /// at or above it are dropped, or become the <see cref="OovToken"/>.
    /// </summary>
    /// <param name="sequences">The sequences of indices; enumerated once.</param>
    /// <returns>One text per sequence, in order (an empty string for a sequence with no kept index).</returns>
    /// <exception cref="InvalidOperationException"><see cref="FitOnTexts"/> has not been called.</exception>
    /// <exception cref="ArgumentException">One of the sequences is <c>null</c>.</exception>
    public List<string> SequencesToTexts(IEnumerable<int[]> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (!_fitted)
        {
            throw new InvalidOperationException(
                "The tokenizer has no word index yet: call FitOnTexts before SequencesToTexts.");
        }

        int limit = NumWords ?? 0;
        string? oov = OovToken;
        var text = new StringBuilder();
        var result = sequences is IReadOnlyCollection<int[]> collection
            ? new List<string>(collection.Count)
            : new List<string>();
        foreach (int[]? sequence in sequences)
        {
            if (sequence is null)
            {
                throw new ArgumentException($"sequences[{result.Count}] is null.", nameof(sequences));
            }

            text.Clear();
            bool first = true;
            foreach (int index in sequence)
            {
                string? word = WordOfIndex(index);
                if (word is null || (limit != 0 && index >= limit))
                {
                    word = oov;
                }

                if (word is not null)
                {
                    // ' '.join(words): an empty oov token still gets its separators.
                    if (!first)
                    {
                        text.Append(' ');
                    }

                    first = false;
                    text.Append(word);
                }
            }

            result.Add(text.ToString());
        }

        return result;
    }
}
