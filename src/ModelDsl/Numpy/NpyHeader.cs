using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ModelDsl.Numpy;

/// <summary>
/// The header of an <c>.npy</c> file: the magic <c>\x93NUMPY</c>, the format version (1.0, 2.0 or 3.0), the header
/// length (2 bytes in version 1, 4 in versions 2 and 3), then a Python dict literal such as
/// <c>{'descr': '&lt;i8', 'fortran_order': False, 'shape': (5000,), }</c> padded with spaces and ending in a newline.
/// </summary>
internal sealed class NpyHeader
{
    private const int MaxHeaderLength = 1 << 20;
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    private NpyHeader(string descr, bool fortranOrder, int[] shape, int dataOffset)
    {
        Descr = descr;
        FortranOrder = fortranOrder;
        Shape = shape;
        DataOffset = dataOffset;
    }

    public string Descr { get; }

    public bool FortranOrder { get; }

    public int[] Shape { get; }

    /// <summary>Where the array data starts, from the start of the file.</summary>
    public int DataOffset { get; }

    /// <summary>
    /// Parses the header at the start of <paramref name="data"/> once all its bytes are there; <c>null</c> while more
    /// are needed. Bytes that cannot start an <c>.npy</c> (the magic, the version, a header length over the limit)
    /// are refused as soon as they arrive.
    /// </summary>
    public static NpyHeader? TryParse(ReadOnlySpan<byte> data, string source)
    {
        int prefix = Math.Min(data.Length, Magic.Length);
        if (!data.Slice(0, prefix).SequenceEqual(Magic.AsSpan(0, prefix)))
        {
            return Parse(data, source); // throws: not the magic
        }

        if (data.Length < Magic.Length + 2)
        {
            return null;
        }

        int lengthSize = data[6] switch { 1 => 2, 2 or 3 => 4, _ => 0 };
        if (lengthSize == 0)
        {
            return Parse(data, source); // throws: unsupported version
        }

        int start = Magic.Length + 2 + lengthSize;
        if (data.Length < start)
        {
            return null;
        }

        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(8, 4));
        return headerLength <= MaxHeaderLength && data.Length < start + headerLength ? null : Parse(data, source);
    }

    /// <summary>Parses the header at the start of <paramref name="data"/>; errors name <paramref name="source"/>.</summary>
    public static NpyHeader Parse(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < Magic.Length + 2 || !data.Slice(0, Magic.Length).SequenceEqual(Magic))
        {
            string found = Convert.ToHexString(data.Slice(0, Math.Min(8, data.Length)));
            throw Error(source, $"not an .npy array: it does not start with the magic bytes 93 4E 55 4D 50 59 ('\\x93NUMPY'); found {(found.Length == 0 ? "an empty file" : found)}");
        }

        byte major = data[6];
        byte minor = data[7];
        int lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Error(source, $"unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported)"),
        };
        int start = Magic.Length + 2 + lengthSize;
        if (data.Length < start)
        {
            throw Error(source, "truncated: the .npy header length is cut off");
        }

        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(8, 2))
            : BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(8, 4));
        if (headerLength > MaxHeaderLength)
        {
            throw Error(source, $"the .npy header claims {headerLength} bytes, more than the {MaxHeaderLength} accepted");
        }

        if (data.Length < start + headerLength)
        {
            throw Error(source, $"truncated: the .npy header should be {headerLength} bytes, but only {data.Length - start} follow");
        }

        var headerBytes = data.Slice(start, (int)headerLength);
        string text;
        try
        {
            // Versions 1 and 2 are latin-1; version 3 is UTF-8.
            text = major == 3
                ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(headerBytes)
                : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Error(source, $"the version 3 .npy header is not UTF-8 ({e.Message})");
        }

        if (text.Length == 0 || text[^1] != '\n')
        {
            throw Error(source, "the .npy header does not end in a newline (the file is corrupt or truncated)");
        }

        object? parsed;
        try
        {
            var parser = new PythonLiteralParser(text);
            parsed = parser.ParseAll();
        }
        catch (FormatException e)
        {
            throw Error(source, $"the .npy header is not a Python dict literal: {e.Message}; header: {Shorten(text)}");
        }

        if (parsed is not Dictionary<string, object?> dict)
        {
            throw Error(source, $"the .npy header is not a dict: {Shorten(text)}");
        }

        var keys = new SortedSet<string>(dict.Keys, StringComparer.Ordinal);
        if (keys.Count != 3 || !keys.Contains("descr") || !keys.Contains("fortran_order") || !keys.Contains("shape"))
        {
            throw Error(source, $"the .npy header must have exactly the keys 'descr', 'fortran_order' and 'shape'; found {string.Join(", ", keys)}");
        }

        if (dict["descr"] is not string descr)
        {
            throw Error(source, $"unsupported dtype {Shorten(text)}: only plain dtypes {NpyDType.Supported} are supported, not structured ones");
        }

        if (dict["fortran_order"] is not bool fortranOrder)
        {
            throw Error(source, "the .npy header's 'fortran_order' is not True or False");
        }

        if (dict["shape"] is not PythonTuple shapeTuple)
        {
            throw Error(source, "the .npy header's 'shape' is not a tuple");
        }

        var shape = new int[shapeTuple.Items.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            if (shapeTuple.Items[i] is not long dimension || dimension < 0 || dimension > int.MaxValue)
            {
                throw Error(source, $"the .npy header's shape {Shorten(text)} has a dimension that is not an integer from 0 to {int.MaxValue}");
            }

            shape[i] = (int)dimension;
        }

        return new NpyHeader(descr, fortranOrder, shape, start + (int)headerLength);
    }

    internal static InvalidDataException Error(string source, string detail) => new($"{source}: {detail}.");

    private static string Shorten(string text)
    {
        text = text.TrimEnd();
        return text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 117), "...");
    }
}
