using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Text;
using static ModelDsl.Numpy.NumpyPickleReader;

namespace ModelDsl.Numpy;

/// <summary>Reading the pickle's bytes: every length checked against the bytes that remain before anything is allocated.</summary>
internal sealed partial class PickleInterpreter
{
    private byte ReadByte() => ReadBytes(1)[0];

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count > _end - _position)
        {
            throw Fail($"truncated: the {CurrentOpcode} at pickle byte offset {_opcodeOffset} needs {count} more bytes, but only {_end - _position} remain");
        }

        var bytes = new ReadOnlySpan<byte>(_data, _position, count);
        _position += count;
        return bytes;
    }

    private int ReadLength32()
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));
        if (length > _end - _position)
        {
            throw Fail($"truncated: the {CurrentOpcode} at pickle byte offset {_opcodeOffset} claims {length} bytes, but only {_end - _position} remain");
        }

        return (int)length;
    }

    private long ReadLong1()
    {
        int length = ReadByte();
        if (length > 8)
        {
            throw Fail($"the LONG1 at pickle byte offset {_opcodeOffset} has {length} bytes; integers above 64 bits are not supported");
        }

        ReadOnlySpan<byte> bytes = ReadBytes(length);
        if (length == 0)
        {
            return 0;
        }

        // Little-endian two's complement, sign-extended from its top byte.
        long value = (sbyte)bytes[length - 1];
        for (int i = length - 2; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private object ReadTextInt()
    {
        string text = ReadLine();
        if (text == "00")
        {
            return false;
        }

        if (text == "01")
        {
            return true;
        }

        if (text.Length > 20 || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Fail($"the INT at pickle byte offset {_opcodeOffset} is not a 64-bit integer: '{Printable(text)}'");
        }

        return value;
    }

    private string ReadLine()
    {
        const int MaxLine = 256;
        int limit = Math.Min(_end, _position + MaxLine);
        int newline = Array.IndexOf(_data, (byte)'\n', _position, limit - _position);
        if (newline < 0)
        {
            throw Fail($"the {CurrentOpcode} at pickle byte offset {_opcodeOffset} has no newline-terminated argument (truncated or corrupt)");
        }

        string line = Encoding.Latin1.GetString(_data, _position, newline - _position);
        _position = newline + 1;
        return line;
    }

    private string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail($"the string at pickle byte offset {_opcodeOffset} is not UTF-8");
        }
    }

    internal InvalidDataException Fail(string detail) => NpyHeader.Error(_source, detail);
}
