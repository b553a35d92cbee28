using System;
using System.Collections.Generic;

namespace ModelDsl.Text;

/// <summary>
/// The distinct words in first-seen order (a word's position in that order is its slot), looked up by span so
/// that known words cost no allocation. Open addressing over a pool of the words' characters, which keeps
/// lookups in contiguous memory; about twice as fast as a <see cref="Dictionary{TKey, TValue}"/> alternate
/// lookup on a 100,000-word vocabulary.
/// </summary>
internal sealed class WordVocabulary
{
    private readonly List<string> _words = new();
    private int[] _table = new int[1024]; // slot + 1; 0 marks an empty cell
    private int[] _hashes = new int[256];
    private int[] _starts = new int[256];
    private int[] _lengths = new int[256];
    private char[] _pool = new char[4096];
    private int _poolUsed;

    public int Count => _words.Count;

    public string this[int slot] => _words[slot];

    /// <summary>The slot of <paramref name="word"/>, or -1 when it is not in the vocabulary.</summary>
    public int Find(ReadOnlySpan<char> word)
    {
        int hash = string.GetHashCode(word);
        int mask = _table.Length - 1;
        for (int cell = hash & mask; ; cell = (cell + 1) & mask)
        {
            int entry = _table[cell] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (_hashes[entry] == hash && _pool.AsSpan(_starts[entry], _lengths[entry]).SequenceEqual(word))
            {
                return entry;
            }
        }
    }

    /// <summary>Adds <paramref name="word"/>, which must not be present yet, and returns its slot.</summary>
    public int Add(ReadOnlySpan<char> word)
    {
        int slot = _words.Count;
        if (slot == _hashes.Length)
        {
            Array.Resize(ref _hashes, 2 * slot);
            Array.Resize(ref _starts, 2 * slot);
            Array.Resize(ref _lengths, 2 * slot);
        }

        if (_pool.Length - _poolUsed < word.Length)
        {
            Array.Resize(ref _pool, (int)Math.Min(Array.MaxLength, Math.Max(2L * _pool.Length, (long)_poolUsed + word.Length)));
        }

        word.CopyTo(_pool.AsSpan(_poolUsed));
        _hashes[slot] = string.GetHashCode(word);
        _starts[slot] = _poolUsed;
        _lengths[slot] = word.Length;
        _poolUsed += word.Length;
        _words.Add(new string(word));

        // Keep the table at most half full.
        if (2 * _words.Count > _table.Length)
        {
            _table = new int[2 * _table.Length];
            for (int existing = 0; existing < _words.Count; existing++)
            {
                Insert(existing);
            }
        }
        else
        {
            Insert(slot);
        }

        return slot;
    }

    private void Insert(int slot)
    {
        int mask = _table.Length - 1;
        int cell = _hashes[slot] & mask;
        while (_table[cell] != 0)
        {
            cell = (cell + 1) & mask;
        }

        _table[cell] = slot + 1;
    }
}
