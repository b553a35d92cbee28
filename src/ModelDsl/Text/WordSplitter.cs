using System;
using System.Collections.Generic;
using System.Text;

namespace ModelDsl.Text;

/// <summary>
/// Keras's <c>text_to_word_sequence</c> without regular expressions or intermediate strings: one pass over the
/// text that lower-cases, filters and splits, writing the words into a reusable buffer. At character level, the
/// same pass lower-cases and makes every code point a token.
/// </summary>
internal sealed class WordSplitter
{
    private readonly bool _lower;
    private readonly string _split;
    private readonly bool _charLevel;

    // -1 when the separator is more than one code point; otherwise filters and separator are both word
    // boundaries, and a single pass gives the words.
    private readonly int _splitCodePoint;

    // Filter characters below 128 (plus the separator, for a one-code-point separator).
    private readonly bool[] _asciiBoundary = new bool[128];

    // For each character below 128: -1 when it is a boundary (see above), else what it becomes after lower-casing.
    private readonly int[] _asciiMap = new int[128];

    // Filter code points from 128 up (plus the separator, for a one-code-point separator); null when none.
    private readonly HashSet<int>? _otherBoundaries;

    public WordSplitter(string filters, bool lower, string split, bool charLevel = false)
    {
        _lower = lower;
        _split = split;
        _charLevel = charLevel;
        var others = new HashSet<int>();
        for (int i = 0; i < filters.Length;)
        {
            AddBoundary(ReadCodePoint(filters, ref i), others);
        }

        int at = 0;
        int splitCodePoint = ReadCodePoint(split, ref at);
        _splitCodePoint = at == split.Length ? splitCodePoint : -1;
        if (_splitCodePoint >= 0)
        {
            AddBoundary(_splitCodePoint, others);
        }

        _otherBoundaries = others.Count == 0 ? null : others;
        for (int c = 0; c < 128; c++)
        {
            _asciiMap[c] = _asciiBoundary[c] ? -1 : lower && c is >= 'A' and <= 'Z' ? c | 0x20 : c;
        }
    }

    /// <summary>Splits <paramref name="text"/>; the words are <paramref name="tokens"/> ranges of <paramref name="buffer"/>.</summary>
    public void SplitInto(string text, ref char[] buffer, List<TokenSpan> tokens)
    {
        if (_charLevel)
        {
            SplitCharactersInto(text, ref buffer, tokens);
            return;
        }

        tokens.Clear();

        // Lower-casing at most doubles the UTF-16 length (İ → i + U+0307); translation replaces a filter
        // character by the separator.
        long bound = (long)text.Length * Math.Max(2, _splitCodePoint >= 0 ? 1 : _split.Length);
        if (buffer.Length < bound)
        {
            buffer = new char[Math.Max(bound, Math.Min(2L * buffer.Length, Array.MaxLength))];
        }

        int written = 0;
        int start = 0;
        bool direct = _splitCodePoint >= 0;
        int[] asciiMap = _asciiMap;
        char[] output = buffer;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 128)
            {
                int mapped = asciiMap[c];
                if (mapped >= 0)
                {
                    output[written++] = (char)mapped;
                }
                else
                {
                    Boundary(buffer, ref written, ref start, tokens);
                }

                continue;
            }

            int first = i;
            int position = i;
            int codePoint = ReadCodePoint(text, ref position);
            i = position - 1;
            if (_lower)
            {
                if (codePoint == 0x130)
                {
                    // Python's full lower-case mapping: LATIN CAPITAL LETTER I WITH DOT ABOVE → "i" + COMBINING DOT ABOVE.
                    Emit('i', buffer, ref written, ref start, tokens);
                    codePoint = 0x307;
                }
                else if (codePoint == 0x3A3)
                {
                    codePoint = PythonCasing.IsFinalSigma(text, first) ? 0x3C2 : 0x3C3;
                }
                else
                {
                    codePoint = PythonCasing.SimpleLower(codePoint);
                }
            }

            Emit(codePoint, buffer, ref written, ref start, tokens);
        }

        if (direct)
        {
            if (written > start)
            {
                tokens.Add(new TokenSpan(start, written - start));
            }

            return;
        }

        // A separator of several code points: split the translated text on it, like Python's str.split(sep),
        // which matches non-overlapping occurrences from the left.
        ReadOnlySpan<char> translated = buffer.AsSpan(0, written);
        int from = 0;
        while (true)
        {
            int found = translated[from..].IndexOf(_split.AsSpan());
            int end = found < 0 ? written : from + found;
            if (end > from)
            {
                tokens.Add(new TokenSpan(from, end - from));
            }

            if (found < 0)
            {
                return;
            }

            from = end + _split.Length;
        }
    }

    /// <summary>
    /// Keras's character level: <c>text.lower()</c> (when lower-casing), then every code point is a token; no
    /// filters, no separator.
    /// </summary>
    private void SplitCharactersInto(string text, ref char[] buffer, List<TokenSpan> tokens)
    {
        tokens.Clear();

        // Lower-casing at most doubles the UTF-16 length (İ → i + U+0307).
        long bound = 2L * text.Length;
        if (buffer.Length < bound)
        {
            buffer = new char[Math.Max(bound, Math.Min(2L * buffer.Length, Array.MaxLength))];
        }

        int written = 0;
        for (int i = 0; i < text.Length;)
        {
            int first = i;
            int codePoint = ReadCodePoint(text, ref i);
            if (_lower)
            {
                if (codePoint < 128)
                {
                    codePoint = codePoint is >= 'A' and <= 'Z' ? codePoint | 0x20 : codePoint;
                }
                else if (codePoint == 0x130)
                {
                    buffer[written] = 'i';
                    tokens.Add(new TokenSpan(written++, 1));
                    codePoint = 0x307;
                }
                else if (codePoint == 0x3A3)
                {
                    codePoint = PythonCasing.IsFinalSigma(text, first) ? 0x3C2 : 0x3C3;
                }
                else
                {
                    codePoint = PythonCasing.SimpleLower(codePoint);
                }
            }

            int start = written;
            if (codePoint < 0x10000)
            {
                buffer[written++] = (char)codePoint;
            }
            else
            {
                written += new Rune(codePoint).EncodeToUtf16(buffer.AsSpan(written));
            }

            tokens.Add(new TokenSpan(start, written - start));
        }
    }

    private void Emit(int codePoint, char[] buffer, ref int written, ref int start, List<TokenSpan> tokens)
    {
        bool boundary = codePoint < 128
            ? _asciiBoundary[codePoint]
            : _otherBoundaries is not null && _otherBoundaries.Contains(codePoint);
        if (!boundary)
        {
            if (codePoint < 0x10000)
            {
                buffer[written++] = (char)codePoint;
            }
            else
            {
                written += new Rune(codePoint).EncodeToUtf16(buffer.AsSpan(written));
            }
        }
        else
        {
            Boundary(buffer, ref written, ref start, tokens);
        }
    }

    /// <summary>
    /// A filter character or the separator: with a one-code-point separator it ends the word being written (if any);
    /// otherwise the separator is written in its place, to be split on once the whole text is translated.
    /// </summary>
    private void Boundary(char[] buffer, ref int written, ref int start, List<TokenSpan> tokens)
    {
        if (_splitCodePoint >= 0)
        {
            if (written > start)
            {
                tokens.Add(new TokenSpan(start, written - start));
            }

            start = written;
        }
        else
        {
            _split.CopyTo(0, buffer, written, _split.Length);
            written += _split.Length;
        }
    }

    private void AddBoundary(int codePoint, HashSet<int> others)
    {
        if (codePoint < 128)
        {
            _asciiBoundary[codePoint] = true;
        }
        else
        {
            others.Add(codePoint);
        }
    }

    /// <summary>The code point at <paramref name="index"/> (a lone surrogate stands for itself, as in Python).</summary>
    internal static int ReadCodePoint(string s, ref int index)
    {
        char c = s[index++];
        if (char.IsHighSurrogate(c) && index < s.Length && char.IsLowSurrogate(s[index]))
        {
            return char.ConvertToUtf32(c, s[index++]);
        }

        return c;
    }
}
