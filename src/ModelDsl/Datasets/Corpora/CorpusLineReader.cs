using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Unicode;

namespace ModelDsl.Datasets.Corpora;

/// <summary>
/// Reads a text file line by line, splitting on LF (<c>\n</c>) only, so that characters such as U+0085 (NEL),
/// U+2028 or a lone CR stay inside their line. Each line is decoded on its own, which gives exact line numbers
/// in errors. Only for encodings in which byte 0x0A is always LF: UTF-8 and single-byte code pages.
/// </summary>
internal sealed class CorpusLineReader : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly FileStream _stream;
    private readonly Encoding _encoding;
    private readonly bool _utf8;
    private readonly int _limit = TextRecordLimit.Current;
    private byte[] _buffer = new byte[BufferSize];
    private char[] _chars = new char[BufferSize];
    private int _position;
    private int _length;
    private bool _endOfInput;

    private CorpusLineReader(string path, FileStream stream, Encoding encoding)
    {
        Path = path;
        _stream = stream;
        _encoding = encoding;
        _utf8 = encoding.CodePage == Encoding.UTF8.CodePage;
    }

    /// <summary>The path as the caller gave it, for messages.</summary>
    public string Path { get; }

    /// <summary>The 1-based number of the line last returned by <see cref="TryReadLine"/>.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Whether the line last returned ended with LF (false only for a last line without one).</summary>
    public bool LineWasTerminated { get; private set; }

    /// <summary>
    /// Opens <paramref name="path"/>. A UTF-8 byte-order mark at the start is skipped when the encoding is UTF-8.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="encoding">UTF-8 (decoded strictly) or a single-byte encoding (decoded with its own fallback).</param>
    /// <param name="what">What the file should be, for the message when it does not exist.</param>
    /// <exception cref="FileNotFoundException">The file does not exist; the message names it and <paramref name="what"/>.</exception>
    /// <exception cref="ArgumentException">The encoding is neither UTF-8 nor single-byte.</exception>
    public static CorpusLineReader Open(string path, Encoding encoding, string what)
    {
        CheckEncoding(encoding);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"File not found: {System.IO.Path.GetFullPath(path)} (expected {what}).", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var reader = new CorpusLineReader(path, stream, encoding);
        if (reader._utf8)
        {
            reader.SkipByteOrderMark();
        }

        return reader;
    }

    /// <summary>Throws unless LF is byte 0x0A in <paramref name="encoding"/> and never part of another character.</summary>
    /// <exception cref="ArgumentException">The encoding is neither UTF-8 nor single-byte.</exception>
    public static void CheckEncoding(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (encoding.CodePage != Encoding.UTF8.CodePage && !encoding.IsSingleByte)
        {
            throw new ArgumentException(
                $"The encoding {encoding.WebName} is not supported: the corpus readers split lines on the byte 0x0A, so the "
                + "encoding must be UTF-8 or a single-byte code page (such as Windows-1252 or Latin-1).",
                nameof(encoding));
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> naming the file and the current line.</summary>
    public InvalidDataException Error(string problem, Exception? inner = null) =>
        new($"{Path}, line {LineNumber}: {problem}.", inner);

    /// <summary>
    /// Reads the next line without its LF, and without the CR of a CRLF. The empty piece after a final LF is not
    /// a line.
    /// </summary>
    /// <exception cref="InvalidDataException">The line is not valid UTF-8 (for the UTF-8 encoding); the message names the file, line and column.</exception>
    public bool TryReadLine(out string line)
    {
        int scanned = 0;
        while (true)
        {
            ReadOnlySpan<byte> pending = _buffer.AsSpan(_position, _length - _position);
            int end = pending[scanned..].IndexOf((byte)'\n');
            if (end >= 0)
            {
                end += scanned;
                LineNumber++;
                if (end > _limit)
                {
                    throw Error("the line is " + TextRecordLimit.Exceeded(_limit, "bytes"));
                }

                LineWasTerminated = true;
                ReadOnlySpan<byte> bytes = pending[..end];
                if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
                {
                    bytes = bytes[..^1];
                }

                line = Decode(bytes);
                _position += end + 1;
                return true;
            }

            scanned = pending.Length;
            if (scanned > _limit)
            {
                LineNumber++;
                throw Error("the line is " + TextRecordLimit.Exceeded(_limit, "bytes"));
            }

            if (_endOfInput || !Fill())
            {
                if (_position == _length)
                {
                    line = string.Empty;
                    return false;
                }

                LineNumber++;
                LineWasTerminated = false;
                line = Decode(_buffer.AsSpan(_position, _length - _position));
                _position = _length;
                return true;
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>At most 80 characters of <paramref name="text"/>, for messages.</summary>
    public static string Shorten(string text) =>
        text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");

    /// <summary>
    /// Decodes one line's bytes. UTF-8 is strict: an invalid sequence is an error naming the file, line and
    /// column (in bytes, from 1).
    /// </summary>
    private string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!_utf8)
        {
            try
            {
                return _encoding.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                throw Error($"the text cannot be decoded as {_encoding.WebName}: {ex.Message}", ex);
            }
        }

        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, 2 * _chars.Length)];
        }

        OperationStatus status = Utf8.ToUtf16(bytes, _chars, out int read, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw Error(
                $"the text is not valid UTF-8 (byte 0x{bytes[read]:X2} at byte {read + 1} of the line); "
                + "pass the file's encoding if it is not UTF-8");
        }

        return new string(_chars, 0, written);
    }

    private void SkipByteOrderMark()
    {
        while (_length < 3 && !_endOfInput)
        {
            Fill();
        }

        if (_length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _position = 3;
        }
    }

    // Moves the unread bytes to the front (growing the buffer when a line fills it) and reads more; false at the end.
    private bool Fill()
    {
        int unread = _length - _position;
        if (_position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, unread);
            _position = 0;
            _length = unread;
        }

        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, 2 * _buffer.Length);
        }

        int read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        if (read == 0)
        {
            _endOfInput = true;
            return false;
        }

        _length += read;
        return true;
    }
}
