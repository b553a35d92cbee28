using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ModelDsl.Text;

/// <summary>The word index: Keras's ordering of the fitted words (count descending, ties first-seen) and the dictionaries built from it.</summary>
public sealed partial class Tokenizer
{
    private void RebuildIndex()
    {
        // Python sorts the insertion-ordered (word, count) pairs by count, descending, with a stable sort:
        // ties keep first-seen order. Sorting (int.MaxValue - count, slot) keys ascending gives exactly that.
        int n = _vocabulary.Count;
        var keys = new long[n];
        for (int slot = 0; slot < n; slot++)
        {
            keys[slot] = ((long)(int.MaxValue - _counts[slot]) << 32) | (uint)slot;
        }

        Array.Sort(keys);
        int first = OovToken is null ? 1 : 2;
        var indexOfSlot = new int[n];
        var slotsByIndex = new int[n];
        for (int rank = 0; rank < n; rank++)
        {
            int slot = (int)(keys[rank] & 0xFFFF_FFFF);
            indexOfSlot[slot] = rank + first;
            slotsByIndex[rank] = slot;
        }

        _indexOfSlot = indexOfSlot;
        _slotsByIndex = slotsByIndex;
        // The oov index is 1, unless the token also occurs as a word: then Keras's dict keeps that word's index.
        int oovSlot = OovToken is null ? -1 : _vocabulary.Find(OovToken);
        _oovIndex = OovToken is null ? 0 : oovSlot >= 0 ? indexOfSlot[oovSlot] : 1;

        // Keras: for w, c in word_docs.items(): index_docs[word_index[w]] = c. Entries of indices that are no word's
        // (from fit_on_sequences) stay.
        for (int slot = 0; slot < n; slot++)
        {
            _indexDocs[indexOfSlot[slot]] = _documentsWithWord[slot];
        }

        _fitted = true;
        _wordCountsView = null;
        _wordDocsView = null;
        _wordIndexView = null;
        _indexWordView = null;
        _indexDocsView = null;
    }

    /// <summary>
    /// The entries of <see cref="_indexDocs"/>: those of word indices in first-seen word order, then the others in
    /// insertion order. Keras's order is its insertion order, which follows a Python set's order within each
    /// document; this one does not depend on the history of fits.
    /// </summary>
    private IEnumerable<KeyValuePair<int, int>> IndexDocsInOrder()
    {
        int first = OovToken is null ? 1 : 2;
        int words = _fitted ? _vocabulary.Count : 0;
        for (int slot = 0; slot < words; slot++)
        {
            int index = _indexOfSlot[slot];
            if (_indexDocs.TryGetValue(index, out int documents))
            {
                yield return new KeyValuePair<int, int>(index, documents);
            }
        }

        foreach (KeyValuePair<int, int> entry in _indexDocs)
        {
            if (entry.Key < first || entry.Key >= first + words)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The number of entries of <see cref="WordIndex"/> (Keras's <c>len(word_index)</c>), without building it.</summary>
    private int WordIndexCount =>
        !_fitted ? 0 : _vocabulary.Count + (OovToken is not null && _oovIndex == 1 ? 1 : 0);

    /// <summary>Keras's <c>index_word.get(index)</c>: the word of <paramref name="index"/>, or <see langword="null"/>.</summary>
    private string? WordOfIndex(int index)
    {
        if (OovToken is not null && index == 1 && _oovIndex == 1)
        {
            return OovToken;
        }

        int rank = index - (OovToken is null ? 1 : 2);
        return rank >= 0 && rank < _slotsByIndex.Length ? _vocabulary[_slotsByIndex[rank]] : null;
    }

    private ReadOnlyDictionary<string, int> BuildSlotView(int[] values)
    {
        var view = new OrderedDictionary<string, int>(_vocabulary.Count, StringComparer.Ordinal);
        for (int slot = 0; slot < _vocabulary.Count; slot++)
        {
            view.Add(_vocabulary[slot], values[slot]);
        }

        return new ReadOnlyDictionary<string, int>(view);
    }

    private ReadOnlyDictionary<string, int> BuildWordIndex()
    {
        var index = new OrderedDictionary<string, int>(_vocabulary.Count + 1, StringComparer.Ordinal);
        if (_fitted)
        {
            // Keras builds dict(zip([oov_token] + sorted_words, range(1, ...))): a later duplicate key overwrites
            // the value but keeps the key's first position.
            if (OovToken is not null)
            {
                index[OovToken] = 1;
            }

            int first = OovToken is null ? 1 : 2;
            for (int rank = 0; rank < _slotsByIndex.Length; rank++)
            {
                index[_vocabulary[_slotsByIndex[rank]]] = rank + first;
            }
        }

        return new ReadOnlyDictionary<string, int>(index);
    }

    private ReadOnlyDictionary<int, string> BuildIndexWord()
    {
        var inverse = new OrderedDictionary<int, string>(WordIndex.Count);
        foreach (KeyValuePair<string, int> entry in WordIndex)
        {
            inverse[entry.Value] = entry.Key;
        }

        return new ReadOnlyDictionary<int, string>(inverse);
    }
}
