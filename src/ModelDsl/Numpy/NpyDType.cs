using System;
using System.Buffers.Binary;

namespace ModelDsl.Numpy;

/// <summary>The element kinds the reader understands.</summary>
internal enum NpyKind
{
    Bool,
    UInt8,
    Int32,
    Int64,
    Float32,
    Float64,
    Object,
}

/// <summary>
/// A numpy dtype the reader supports: a kind, its item size and byte order. Parsed from an <c>.npy</c> header's
/// <c>descr</c> (<c>'&lt;i8'</c>) or from a pickled <c>numpy.dtype('i8')</c> plus the byte order of its state.
/// </summary>
internal readonly record struct NpyDType(NpyKind Kind, bool BigEndian)
{
    /// <summary>The descr strings accepted in headers, for error messages.</summary>
    public const string Supported = "'<i8', '<i4', '<f4', '<f8', '|b1', '|u1' and '|O' (and '>' for the multi-byte ones)";

    public int ItemSize => Kind switch
    {
        NpyKind.Bool or NpyKind.UInt8 => 1,
        NpyKind.Int32 or NpyKind.Float32 => 4,
        NpyKind.Int64 or NpyKind.Float64 => 8,
        _ => 0,
    };

    public bool IsInteger => Kind is NpyKind.Bool or NpyKind.UInt8 or NpyKind.Int32 or NpyKind.Int64;

    /// <summary>Parses a header descr such as <c>&lt;i8</c> or <c>|O</c>; <c>null</c> when it is not supported.</summary>
    public static NpyDType? FromDescr(string descr)
    {
        if (descr.Length < 2)
        {
            return null;
        }

        return FromTypeCode(descr.Substring(1), descr[0]);
    }

    /// <summary>
    /// Combines a type code (<c>i8</c>, <c>O8</c>, <c>b1</c> …, as in <c>numpy.dtype('i8')</c>) with a byte-order
    /// character (<c>&lt;</c>, <c>&gt;</c>, <c>|</c>, <c>=</c>); <c>null</c> when unsupported or inconsistent.
    /// </summary>
    public static NpyDType? FromTypeCode(string code, char byteOrder)
    {
        NpyKind? kind = code switch
        {
            "b1" or "?" => NpyKind.Bool,
            "u1" or "B" => NpyKind.UInt8,
            "i4" => NpyKind.Int32,
            "i8" => NpyKind.Int64,
            "f4" => NpyKind.Float32,
            "f8" => NpyKind.Float64,
            "O" or "O4" or "O8" => NpyKind.Object,
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }

        bool singleByte = kind is NpyKind.Bool or NpyKind.UInt8 or NpyKind.Object;
        return byteOrder switch
        {
            '|' when singleByte => new NpyDType(kind.Value, BigEndian: false),
            '<' or '=' => new NpyDType(kind.Value, BigEndian: false),
            '>' => new NpyDType(kind.Value, BigEndian: true),
            _ => null,
        };
    }

    /// <summary>Item <paramref name="index"/> of an integer or boolean dtype's raw <paramref name="bytes"/>, widened to 64 bits.</summary>
    public long ReadInteger(ReadOnlySpan<byte> bytes, int index) => Kind switch
    {
        NpyKind.Bool => bytes[index] != 0 ? 1 : 0,
        NpyKind.UInt8 => bytes[index],
        NpyKind.Int32 => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(index * 4, 4)) : BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(index * 4, 4)),
        NpyKind.Int64 => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(index * 8, 8)) : BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(index * 8, 8)),
        _ => throw new InvalidOperationException($"{Kind} is not an integer dtype."),
    };

    /// <summary>Decodes <paramref name="count"/> items of this (numeric) dtype from <paramref name="bytes"/>.</summary>
    public Array Decode(ReadOnlySpan<byte> bytes, int count)
    {
        switch (Kind)
        {
            case NpyKind.Bool:
            {
                var values = new bool[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = bytes[i] != 0;
                }

                return values;
            }

            case NpyKind.UInt8:
                return bytes.Slice(0, count).ToArray();
            case NpyKind.Int32:
            {
                var values = new int[count];
                for (int i = 0; i < count; i++)
                {
                    var item = bytes.Slice(i * 4, 4);
                    values[i] = BigEndian ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadInt32LittleEndian(item);
                }

                return values;
            }

            case NpyKind.Int64:
            {
                var values = new long[count];
                for (int i = 0; i < count; i++)
                {
                    var item = bytes.Slice(i * 8, 8);
                    values[i] = BigEndian ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadInt64LittleEndian(item);
                }

                return values;
            }

            case NpyKind.Float32:
            {
                var values = new float[count];
                for (int i = 0; i < count; i++)
                {
                    var item = bytes.Slice(i * 4, 4);
                    values[i] = BigEndian ? BinaryPrimitives.ReadSingleBigEndian(item) : BinaryPrimitives.ReadSingleLittleEndian(item);
                }

                return values;
            }

            case NpyKind.Float64:
            {
                var values = new double[count];
                for (int i = 0; i < count; i++)
                {
                    var item = bytes.Slice(i * 8, 8);
                    values[i] = BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(item) : BinaryPrimitives.ReadDoubleLittleEndian(item);
                }

                return values;
            }

            default:
                throw new InvalidOperationException($"{Kind} arrays are not stored as raw bytes.");
        }
    }
}
