using System;
using System.IO;

namespace ModelDsl.Numpy;

/// <summary>
/// Reads numpy <c>.npy</c> files safely: numeric arrays, and object arrays of int lists through a restricted
/// pickle interpreter that refuses anything else (see <see cref="NpzFile"/> for <c>.npz</c> archives).
/// </summary>
/// <remarks>
/// The header may be format version 1.0, 2.0 or 3.0. Supported dtypes: <c>&lt;i8</c>, <c>&lt;i4</c>,
/// <c>&lt;f4</c>, <c>&lt;f8</c>, <c>|b1</c>, <c>|u1</c> (the multi-byte ones big-endian too) and <c>|O</c> object
/// arrays whose items are lists of Python ints. An object array is stored as a pickle, and unpickling arbitrary data
/// is code execution, so only the opcodes and the numpy globals numpy uses for such arrays are interpreted (and, for
/// protocol 2 on Python 3, the <c>_codecs.encode(…, 'latin1')</c> and <c>bytes()</c> calls that stand for bytes);
/// anything else (<c>os.system</c>, <c>builtins.eval</c>, an unknown opcode) is refused with an
/// <see cref="InvalidDataException"/> naming it and its byte offset. No type is ever constructed by name.
/// Reading is bounded: the magic and header are checked as their bytes arrive, a numeric array is read only up to the
/// size its header declares, and memory grows only with the bytes really read (see also <see cref="NpzFile"/>).
/// </remarks>
public static class NpyFile
{
    /// <summary>Reads the <c>.npy</c> file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid <c>.npy</c> (bad magic, unsupported version or dtype, truncated data) or holds a
    /// pickle other than an object array of int lists; the message names the file.
    /// </exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"numpy array file not found: {Path.GetFullPath(path)}", path);
        }

        string fullPath = Path.GetFullPath(path);
        using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        (byte[] data, int length) = NpyStreamReading.ReadAll(file, fullPath);
        return Parse(data, length, fullPath);
    }

    /// <summary>Reads an <c>.npy</c> array from <paramref name="stream"/>, to its end.</summary>
    /// <param name="stream">
    /// The stream, positioned at the magic bytes; it is read to its end (a numeric array's only to one byte past the
    /// size its header declares) and not closed. Bytes that are not an <c>.npy</c> header are refused as they arrive.
    /// </param>
    /// <param name="name">Names the data in error messages (for example the file name); defaults to <c>"stream"</c>.</param>
    /// <returns>The array.</returns>
    /// <exception cref="InvalidDataException">The data is not a valid <c>.npy</c>; see <see cref="Read(string)"/>.</exception>
    public static NpyArray Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = string.IsNullOrEmpty(name) ? "stream" : name;
        (byte[] data, int length) = NpyStreamReading.ReadAll(stream, source);
        return Parse(data, length, source);
    }

    /// <summary>Parses the <c>.npy</c> bytes <paramref name="data"/>[0..<paramref name="length"/>].</summary>
    internal static NpyArray Parse(byte[] data, int length, string source)
    {
        NpyHeader header = NpyHeader.Parse(data.AsSpan(0, length), source);
        NpyDType dtype = NpyDType.FromDescr(header.Descr)
            ?? throw NpyHeader.Error(source, $"unsupported dtype '{header.Descr}' (supported: {NpyDType.Supported})");

        long count = 1;
        foreach (int dimension in header.Shape)
        {
            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw NpyHeader.Error(source, $"the shape ({string.Join(", ", header.Shape)}) has more items than one array can hold");
            }
        }

        int dataStart = header.DataOffset;
        if (dtype.Kind == NpyKind.Object)
        {
            int[][] items = NumpyPickleReader.ReadObjectArray(data, dataStart, length, source, header.Shape);
            return new NpyArray(header.Descr, header.FortranOrder, header.Shape, items);
        }

        long expected = count * dtype.ItemSize;
        long available = length - dataStart;
        if (available < expected)
        {
            throw NpyHeader.Error(
                source,
                $"truncated: a '{header.Descr}' array of shape ({string.Join(", ", header.Shape)}) needs {expected} data bytes, but only {available} follow the header");
        }

        if (available > expected)
        {
            throw NpyHeader.Error(source, $"{available - expected} unexpected bytes after the array data (expected {expected})");
        }

        Array values = dtype.Decode(data.AsSpan(dataStart, (int)expected), (int)count);
        if (header.FortranOrder && header.Shape.Length > 1)
        {
            values = ToCOrder(values, header.Shape);
        }

        return new NpyArray(header.Descr, header.FortranOrder, header.Shape, values);
    }

    private static Array ToCOrder(Array values, int[] shape) => values switch
    {
        long[] a => ToCOrder(a, shape),
        int[] a => ToCOrder(a, shape),
        float[] a => ToCOrder(a, shape),
        double[] a => ToCOrder(a, shape),
        bool[] a => ToCOrder(a, shape),
        byte[] a => ToCOrder(a, shape),
        _ => values,
    };

    private static T[] ToCOrder<T>(T[] fortran, int[] shape)
    {
        int rank = shape.Length;
        var strides = new long[rank]; // Fortran strides: the first index varies fastest
        long stride = 1;
        for (int axis = 0; axis < rank; axis++)
        {
            strides[axis] = stride;
            stride *= shape[axis];
        }

        var result = new T[fortran.Length];
        var index = new int[rank];
        long source = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = fortran[source];

            // Advance the C-order multi-index (last axis fastest), keeping the Fortran offset in step.
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                source += strides[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                source -= strides[axis] * shape[axis];
                index[axis] = 0;
            }
        }

        return result;
    }
}
