using System;
using System.Collections.Generic;
using System.Globalization;

namespace ModelDsl.Numpy;

/// <summary>
/// Parses the Python literals an <c>.npy</c> header uses: dicts, tuples, lists, strings (without escapes), integers,
/// <c>True</c>, <c>False</c> and <c>None</c>. Anything else is a <see cref="FormatException"/>.
/// </summary>
internal sealed class PythonLiteralParser
{
    private const int MaxDepth = 32;
    private readonly string _text;
    private int _position;

    public PythonLiteralParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses one literal that must span the whole text (surrounding whitespace aside).</summary>
    public object? ParseAll()
    {
        object? value = ParseValue(0);
        SkipWhitespace();
        if (_position != _text.Length)
        {
            throw new FormatException($"unexpected '{_text[_position]}' at character {_position}");
        }

        return value;
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("too deeply nested");
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw new FormatException("unexpected end");
        }

        char c = _text[_position];
        switch (c)
        {
            case '{':
                return ParseDict(depth);
            case '(':
            {
                _position++;
                var items = ParseSequence(')', depth, out bool trailingComma);
                if (items.Count == 1 && !trailingComma)
                {
                    return items[0]; // (x) is just x in Python
                }

                return new PythonTuple(items.ToArray());
            }

            case '[':
                _position++;
                return ParseSequence(']', depth, out _);
            case '\'' or '"':
                return ParseString();
            default:
                if (c == '-' || c == '+' || char.IsAsciiDigit(c))
                {
                    return ParseInteger();
                }

                if (char.IsAsciiLetter(c) || c == '_')
                {
                    int start = _position;
                    while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
                    {
                        _position++;
                    }

                    string word = _text.Substring(start, _position - start);
                    return word switch
                    {
                        "True" => true,
                        "False" => false,
                        "None" => null,
                        _ => throw new FormatException($"unsupported name '{word}' at character {start}"),
                    };
                }

                throw new FormatException($"unexpected '{c}' at character {_position}");
        }
    }

    private Dictionary<string, object?> ParseDict(int depth)
    {
        _position++; // {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return dict;
            }

            int keyAt = _position;
            if (ParseValue(depth + 1) is not string key)
            {
                throw new FormatException($"a dict key at character {keyAt} is not a string");
            }

            SkipWhitespace();
            Expect(':');
            dict[key] = ParseValue(depth + 1);
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
            }
            else if (Peek() != '}')
            {
                throw new FormatException($"expected ',' or '}}' at character {_position}");
            }
        }
    }

    private List<object?> ParseSequence(char close, int depth, out bool trailingComma)
    {
        var items = new List<object?>();
        trailingComma = false;
        while (true)
        {
            SkipWhitespace();
            if (Peek() == close)
            {
                _position++;
                return items;
            }

            items.Add(ParseValue(depth + 1));
            trailingComma = false;
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                trailingComma = true;
            }
            else if (Peek() != close)
            {
                throw new FormatException($"expected ',' or '{close}' at character {_position}");
            }
        }
    }

    private string ParseString()
    {
        char quote = _text[_position++];
        int start = _position;
        while (_position < _text.Length && _text[_position] != quote)
        {
            if (_text[_position] is '\\' or '\n')
            {
                throw new FormatException($"unsupported character in a string at character {_position}");
            }

            _position++;
        }

        if (_position >= _text.Length)
        {
            throw new FormatException("unterminated string");
        }

        string value = _text.Substring(start, _position - start);
        _position++;
        return value;
    }

    private long ParseInteger()
    {
        int start = _position;
        if (_text[_position] is '-' or '+')
        {
            _position++;
        }

        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        string digits = _text.Substring(start, _position - start);
        if (_position < _text.Length && _text[_position] is 'L' or 'l')
        {
            _position++; // Python 2 long literal, as in shapes written by Python 2 numpy
        }

        if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw new FormatException($"'{digits}' at character {start} is not a 64-bit integer");
        }

        return value;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw new FormatException($"expected '{c}' at character {_position}");
        }

        _position++;
    }
}
