using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace ModelDsl.Datasets;

/// <summary>
/// Reads the IMDb movie reviews (Maas et al., 2011) in the CSV layout of Raschka's <c>movie_data.csv</c>:
/// a header <c>review,sentiment</c>, then one row per review, the sentiment being 1 (positive) or 0 (negative).
/// </summary>
public static class MovieReviews
{
    private const string ReviewColumn = "review";
    private const string SentimentColumn = "sentiment";
    private const string ExpectedHeader = ReviewColumn + "," + SentimentColumn;
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Reads the reviews and their labels from <paramref name="path"/>, streaming: a <c>.gz</c> file (for
    /// example <c>movie_data.csv.gz</c>) is decompressed as it is read.
    /// </summary>
    /// <param name="path">A <c>.csv</c> file, or a gzip-compressed one whose name ends in <c>.gz</c>.</param>
    /// <param name="limit">Read at most this many reviews (from the top of the file); <c>null</c> reads all.</param>
    /// <returns>The review texts, and for each one its label: 1 for positive, 0 for negative.</returns>
    /// <remarks>
    /// The file is UTF-8 (a byte-order mark is allowed) CSV as in RFC 4180: fields may be quoted, a quote inside
    /// a quoted field is doubled, and quoted fields may contain commas and line breaks. Lines end in LF or CRLF.
    /// Blank lines are skipped, as pandas does.
    /// </remarks>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not in that format: the header is missing or different, a row does not have two fields, a
    /// quoted field is not closed, a sentiment is not 0 or 1, the text is not UTF-8, the gzip data is
    /// corrupt, or a record is longer than 16 Mi characters (a file that is not text, or a runaway record).
    /// The message names the file, the line and what was expected.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public static (string[] Texts, float[] Labels) Load(string path, int? limit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be null (every review) or zero or more.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Movie review file not found: {Path.GetFullPath(path)} (expected a CSV with the header '{ExpectedHeader}', "
                + "such as movie_data.csv or movie_data.csv.gz).",
                path);
        }

        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var reader = new StreamReader(stream, utf8, detectEncodingFromByteOrderMarks: true, BufferSize);
        var csv = new CsvRecordReader(reader, path);

        var fields = new List<string>(2);
        if (!csv.ReadRecord(fields))
        {
            throw csv.Error(csv.Line, $"expected the header '{ExpectedHeader}', but the file is empty");
        }

        if (fields.Count != 2 || fields[0] != ReviewColumn || fields[1] != SentimentColumn)
        {
            throw csv.Error(
                csv.RecordStartLine,
                $"expected the header '{ExpectedHeader}', found '{Shorten(string.Join(",", fields))}'");
        }

        var texts = new List<string>();
        var labels = new List<float>();
        while ((limit is null || texts.Count < limit) && csv.ReadRecord(fields))
        {
            if (fields.Count != 2)
            {
                throw csv.Error(
                    csv.RecordStartLine,
                    $"expected 2 fields ({ExpectedHeader}), found {fields.Count}");
            }

            float label = fields[1] switch
            {
                "1" => 1f,
                "0" => 0f,
                _ => throw csv.Error(
                    csv.RecordStartLine,
                    $"expected the sentiment 0 (negative) or 1 (positive), found '{Shorten(fields[1])}'"),
            };
            texts.Add(fields[0]);
            labels.Add(label);
        }

        return (texts.ToArray(), labels.ToArray());
    }

    private static string Shorten(string text) =>
        text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}

/// <summary>
/// A streaming RFC 4180 record reader that keeps track of line numbers for error messages. Only what
/// <see cref="MovieReviews"/> needs; not a general CSV library.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly string _path;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private readonly int _limit = TextRecordLimit.Current;
    private int _recordLength;
    private int _position;
    private int _length;
    private bool _endOfInput;

    public CsvRecordReader(TextReader reader, string path)
    {
        _reader = reader;
        _path = path;
    }

    /// <summary>The 1-based line the reader is on.</summary>
    public int Line { get; private set; } = 1;

    /// <summary>The line on which the record last read started.</summary>
    public int RecordStartLine { get; private set; } = 1;

    /// <summary>An <see cref="InvalidDataException"/> naming the file and <paramref name="line"/>.</summary>
    public InvalidDataException Error(int line, string problem, Exception? inner = null) =>
        new($"{_path}, line {line}: {problem}.", inner);

    /// <summary>Reads the next non-blank record into <paramref name="fields"/>; false at the end of the input.</summary>
    public bool ReadRecord(List<string> fields)
    {
        while (true)
        {
            fields.Clear();
            if (!HasData())
            {
                return false;
            }

            RecordStartLine = Line;
            _recordLength = 0;
            bool blank = _buffer[_position] is '\n' or '\r';
            while (!ReadField(fields))
            {
            }

            if (!blank)
            {
                return true;
            }
        }
    }

    // Reads one field and what ends it; true when that was the end of the record.
    private bool ReadField(List<string> fields)
    {
        _field.Clear();
        if (!HasData())
        {
            fields.Add(string.Empty);
            return true;
        }

        if (_buffer[_position] == '"')
        {
            _position++;
            ReadQuotedField();
            fields.Add(_field.ToString());
            if (!HasData())
            {
                return true;
            }

            char next = _buffer[_position++];
            switch (next)
            {
                case ',':
                    return false;
                case '\n':
                    Line++;
                    return true;
                case '\r':
                    SkipLineFeedAfterCarriageReturn();
                    Line++;
                    return true;
                default:
                    throw Error(
                        Line,
                        $"expected ',' or the end of the line after the closing quote of field {fields.Count}, found '{next}' "
                        + "(a quote inside a quoted field must be doubled)");
            }
        }

        while (true)
        {
            if (!HasData())
            {
                fields.Add(_field.ToString());
                return true;
            }

            ReadOnlySpan<char> pending = _buffer.AsSpan(_position, _length - _position);
            int stop = pending.IndexOfAny(',', '\n', '\r');
            if (stop < 0)
            {
                Append(pending);
                _position = _length;
                continue;
            }

            Append(pending[..stop]);
            char delimiter = pending[stop];
            _position += stop + 1;
            fields.Add(_field.ToString());
            if (delimiter == ',')
            {
                return false;
            }

            if (delimiter == '\r')
            {
                SkipLineFeedAfterCarriageReturn();
            }

            Line++;
            return true;
        }
    }

    // Reads up to and including the closing quote; the opening quote has been consumed.
    private void ReadQuotedField()
    {
        int openedOn = Line;
        while (true)
        {
            if (!HasData())
            {
                throw Error(
                    openedOn,
                    $"the quoted field that starts on this line has no closing quote (the file ends on line {Line})");
            }

            ReadOnlySpan<char> pending = _buffer.AsSpan(_position, _length - _position);
            int stop = pending.IndexOfAny('"', '\n');
            if (stop < 0)
            {
                Append(pending);
                _position = _length;
                continue;
            }

            Append(pending[..stop]);
            _position += stop + 1;
            if (pending[stop] == '\n')
            {
                Append("\n");
                Line++;
                continue;
            }

            if (HasData() && _buffer[_position] == '"')
            {
                Append("\"");
                _position++;
                continue;
            }

            return;
        }
    }

    // Adds to the current field, refusing a record longer than the limit before it can exhaust memory.
    private void Append(ReadOnlySpan<char> text)
    {
        _recordLength += text.Length;
        if (_recordLength > _limit || _recordLength < 0)
        {
            throw Error(RecordStartLine, "the record that starts on this line is " + TextRecordLimit.Exceeded(_limit, "characters"));
        }

        _field.Append(text);
    }

    private void SkipLineFeedAfterCarriageReturn()
    {
        if (HasData() && _buffer[_position] == '\n')
        {
            _position++;
        }
    }

    // True when at least one character is available at _position.
    private bool HasData()
    {
        if (_position < _length)
        {
            return true;
        }

        if (_endOfInput)
        {
            return false;
        }

        try
        {
            _length = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException ex)
        {
            throw Error(Line, $"the text is not valid UTF-8 (at this line or up to {_buffer.Length} characters after it)", ex);
        }
        catch (InvalidDataException ex)
        {
            throw Error(Line, $"the gzip data is corrupt or truncated: {ex.Message}", ex);
        }

        _position = 0;
        _endOfInput = _length == 0;
        return !_endOfInput;
    }
}
