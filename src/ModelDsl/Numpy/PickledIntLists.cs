using System;
using System.Collections.Generic;
using System.IO;

namespace ModelDsl.Numpy;

/// <summary>
/// Turns the object array a pickle built (see <see cref="NumpyPickleReader"/>) into <c>int[][]</c>, one
/// <c>int[]</c> per item, within a budget of ints proportional to the pickle's size.
/// </summary>
/// <remarks>
/// A memo reference (BINGET, 2 bytes) can name a list of any length again, so a 2 MB pickle can stand for billions of
/// ints. Written without sharing, every int costs at least one byte of pickle (two for a list item, BININT1; one for
/// a <c>|u1</c> ndarray item), so an honest pickle never needs more than one int per byte. The items are counted
/// first, and a pickle whose items would hold more ints than it has bytes is refused before anything is allocated.
/// </remarks>
internal static class PickledIntLists
{
    /// <summary>
    /// The items of <paramref name="root"/>, which must be a built object array of shape
    /// <paramref name="expectedShape"/> whose items are int lists, tuples or 1-D integer ndarrays.
    /// </summary>
    /// <param name="root">What the pickle's STOP returned.</param>
    /// <param name="expectedShape">The shape the <c>.npy</c> header gives.</param>
    /// <param name="pickleLength">The pickle's size in bytes: at most that many ints are materialised.</param>
    /// <param name="fail">Makes the exception for a refusal (it names the file and member).</param>
    public static int[][] Materialize(object? root, int[] expectedShape, long pickleLength, Func<string, InvalidDataException> fail)
    {
        if (root is not PickledArray { Built: true } array)
        {
            throw fail($"the pickle holds {NumpyReconstruction.Describe(root)}, not a numpy array");
        }

        if (array.DType.Kind != NpyKind.Object)
        {
            throw fail($"the pickled array has dtype {array.DType.Kind}, but the .npy header says object ('|O')");
        }

        if (!array.Shape.AsSpan().SequenceEqual(expectedShape))
        {
            throw fail($"the pickled array has shape ({string.Join(", ", array.Shape)}) but the .npy header says ({string.Join(", ", expectedShape)})");
        }

        long count = Product(array.Shape);
        if (array.Data is not List<object?> items || items.Count != count)
        {
            throw fail($"the pickled object array should hold a list of {count} items");
        }

        long total = 0;
        for (int i = 0; i < items.Count; i++)
        {
            total += Length(items[i], i, fail);
        }

        if (total > pickleLength)
        {
            throw fail(
                $"the object array's {items.Count} items hold {total} ints in all, but a {pickleLength}-byte pickle may materialise at most "
                + $"{pickleLength} (one per byte): its memo references repeat the same items, which would take far more memory than the file");
        }

        var result = new int[items.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = ToInt32(items[i], i, fail);
        }

        return result;
    }

    /// <summary>How many ints item <paramref name="index"/> holds; refuses anything that is not an int list.</summary>
    private static long Length(object? item, int index, Func<string, InvalidDataException> fail) => item switch
    {
        List<object?> list => list.Count,
        PythonTuple tuple => tuple.Items.Length,
        PickledArray { Built: true } array when array.DType.IsInteger && array.Shape.Length == 1 && array.Data is byte[] bytes =>
            (long)array.Shape[0] * array.DType.ItemSize == bytes.Length
                ? array.Shape[0]
                : throw fail($"item {index} of the object array is an ndarray of {array.Shape[0]} items but holds {bytes.Length} bytes"),
        _ => throw fail($"item {index} of the object array is {NumpyReconstruction.Describe(item)}, not a list of Python ints"),
    };

    private static int[] ToInt32(object? item, int index, Func<string, InvalidDataException> fail)
    {
        switch (item)
        {
            case List<object?> list:
                return ToInt32(list, index, fail);
            case PythonTuple tuple:
                return ToInt32(tuple.Items, index, fail);
            default:
            {
                // A 1-D integer ndarray (raw bytes) rather than a list; Length checked its size.
                var array = (PickledArray)item!;
                var bytes = (byte[])array.Data!;
                var ints = new int[array.Shape[0]];
                for (int i = 0; i < ints.Length; i++)
                {
                    long value = array.DType.ReadInteger(bytes, i);
                    ints[i] = value is >= int.MinValue and <= int.MaxValue
                        ? (int)value
                        : throw fail($"item {index} of the object array holds {value}, which does not fit in 32 bits");
                }

                return ints;
            }
        }
    }

    private static int[] ToInt32(IReadOnlyList<object?> values, int index, Func<string, InvalidDataException> fail)
    {
        var ints = new int[values.Count];
        for (int i = 0; i < ints.Length; i++)
        {
            if (values[i] is not long value)
            {
                throw fail($"item {index} of the object array holds {NumpyReconstruction.Describe(values[i])} at position {i}, not a Python int");
            }

            if (value is < int.MinValue or > int.MaxValue)
            {
                throw fail($"item {index} of the object array holds {value} at position {i}, which does not fit in 32 bits");
            }

            ints[i] = (int)value;
        }

        return ints;
    }

    private static long Product(int[] shape)
    {
        // Saturates just above Array.MaxLength: no array that large can be read anyway.
        long product = 1;
        foreach (int dimension in shape)
        {
            product = Math.Min(product * dimension, (long)Array.MaxLength + 1);
        }

        return product;
    }
}
