#if !NET9_0_OR_GREATER
// net8.0 has no System.Collections.Generic.OrderedDictionary<TKey, TValue> (it arrived in .NET 9). The tokenizer
// relies on its insertion order to reproduce Keras's dict order, so on net8.0 this internal stand-in supplies the
// members ModelDsl uses, with the same semantics: entries enumerate in insertion order, and setting an existing
// key replaces its value in place. On net9.0+ the framework type is used and this file compiles to nothing.
namespace System.Collections.Generic;

using System.Diagnostics.CodeAnalysis;

internal sealed class OrderedDictionary<TKey, TValue> : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _positions;
    private readonly List<KeyValuePair<TKey, TValue>> _entries;

    public OrderedDictionary()
        : this(0, null)
    {
    }

    public OrderedDictionary(int capacity)
        : this(capacity, null)
    {
    }

    public OrderedDictionary(int capacity, IEqualityComparer<TKey>? comparer)
    {
        _positions = new Dictionary<TKey, int>(capacity, comparer);
        _entries = new List<KeyValuePair<TKey, TValue>>(capacity);
    }

    public OrderedDictionary(IEnumerable<KeyValuePair<TKey, TValue>> collection)
        : this(0, null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        foreach (KeyValuePair<TKey, TValue> entry in collection)
        {
            Add(entry.Key, entry.Value);
        }
    }

    public int Count => _entries.Count;

    public bool IsReadOnly => false;

    public ICollection<TKey> Keys => _entries.ConvertAll(e => e.Key);

    public ICollection<TValue> Values => _entries.ConvertAll(e => e.Value);

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => Keys;

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => Values;

    public TValue this[TKey key]
    {
        get => _positions.TryGetValue(key, out int position) ? _entries[position].Value : throw new KeyNotFoundException($"The key '{key}' is not in the dictionary.");
        set
        {
            if (_positions.TryGetValue(key, out int position))
            {
                _entries[position] = new KeyValuePair<TKey, TValue>(key, value);
            }
            else
            {
                _positions.Add(key, _entries.Count);
                _entries.Add(new KeyValuePair<TKey, TValue>(key, value));
            }
        }
    }

    public void Add(TKey key, TValue value)
    {
        if (!TryAdd(key, value))
        {
            throw new ArgumentException($"An item with the key '{key}' has already been added.", nameof(key));
        }
    }

    public bool TryAdd(TKey key, TValue value)
    {
        if (!_positions.TryAdd(key, _entries.Count))
        {
            return false;
        }

        _entries.Add(new KeyValuePair<TKey, TValue>(key, value));
        return true;
    }

    public bool ContainsKey(TKey key) => _positions.ContainsKey(key);

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_positions.TryGetValue(key, out int position))
        {
            value = _entries[position].Value;
            return true;
        }

        value = default;
        return false;
    }

    public bool Remove(TKey key)
    {
        if (!_positions.Remove(key, out int position))
        {
            return false;
        }

        _entries.RemoveAt(position);
        for (int i = position; i < _entries.Count; i++)
        {
            _positions[_entries[i].Key] = i;
        }

        return true;
    }

    public void Clear()
    {
        _positions.Clear();
        _entries.Clear();
    }

    public List<KeyValuePair<TKey, TValue>>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> item) =>
        TryGetValue(item.Key, out TValue? value) && EqualityComparer<TValue>.Default.Equals(value, item.Value);

    void ICollection<KeyValuePair<TKey, TValue>>.CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item) =>
        ((ICollection<KeyValuePair<TKey, TValue>>)this).Contains(item) && Remove(item.Key);
}
#endif
