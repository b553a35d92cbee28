using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using static ModelDsl.Numpy.NumpyPickleReader;

namespace ModelDsl.Numpy;

/// <summary>
/// What numpy's object-array pickles call, interpreted into plain C# values: <c>_reconstruct(ndarray, …)</c> and
/// <c>dtype(…)</c> become a <see cref="PickledArray"/> and a <see cref="PickledDType"/> that BUILD fills in, and
/// <c>_codecs.encode(text, 'latin1')</c> and <c>bytes()</c> (protocol 2's bytes) become bytes. Any other global,
/// call or BUILD target is refused. <see cref="PickleInterpreter"/> hands GLOBAL, STACK_GLOBAL, REDUCE and BUILD here.
/// </summary>
internal sealed class NumpyReconstruction
{
    private readonly string _source;

    public NumpyReconstruction(string source)
    {
        _source = source;
    }

    private enum NumpyGlobal
    {
        Reconstruct,
        NDArray,
        DType,

        /// <summary><c>_codecs.encode(text, 'latin1')</c>: how protocol 2 on Python 3 writes a bytes object.</summary>
        CodecsEncode,

        /// <summary><c>bytes()</c> with no arguments: how protocol 2 on Python 3 writes <c>b''</c>.</summary>
        Bytes,
    }

    /// <summary>Names a pickled value in an error message.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        long number => $"the int {number}",
        bool flag => flag ? "True" : "False",
        string text => $"the str '{Printable(text)}'",
        byte[] bytes => $"bytes of length {bytes.Length}",
        PythonTuple tuple => $"a tuple of {tuple.Items.Length} items",
        List<object?> list => $"a list of {list.Count} items",
        NumpyGlobal.Reconstruct => "numpy's _reconstruct",
        NumpyGlobal.NDArray => "numpy.ndarray",
        NumpyGlobal.DType => "numpy.dtype",
        NumpyGlobal.CodecsEncode => "_codecs.encode",
        NumpyGlobal.Bytes => "bytes",
        PickledArray => "a numpy array",
        PickledDType => "a numpy dtype",
        _ => value.GetType().Name,
    };

    /// <summary>GLOBAL or STACK_GLOBAL (<paramref name="opcode"/>, at pickle byte <paramref name="offset"/>): one of the few globals allowed, as a marker value.</summary>
    public object ResolveGlobal(string module, string name, string opcode, int offset)
    {
        NumpyGlobal? global = (module, name) switch
        {
            ("numpy.core.multiarray", "_reconstruct") or ("numpy._core.multiarray", "_reconstruct") => NumpyGlobal.Reconstruct,
            ("numpy", "ndarray") => NumpyGlobal.NDArray,
            ("numpy", "dtype") => NumpyGlobal.DType,
            ("_codecs", "encode") => NumpyGlobal.CodecsEncode,
            ("__builtin__", "bytes") or ("builtins", "bytes") => NumpyGlobal.Bytes,
            _ => null,
        };
        if (global is null)
        {
            throw Fail(
                $"refusing pickle global '{Printable(module)}.{Printable(name)}' ({opcode}) at pickle byte offset {offset}: {Refusal} "
                + "(the only globals allowed are numpy.core.multiarray._reconstruct, numpy._core.multiarray._reconstruct, numpy.ndarray and numpy.dtype, "
                + "and _codecs.encode and bytes for the bytes of a protocol 2 pickle)");
        }

        return global.Value;
    }

    /// <summary>REDUCE: the value of calling <paramref name="callable"/>, a global from <see cref="ResolveGlobal"/>, interpreted here (nothing is called).</summary>
    public object Reduce(object? callable, object? arguments, int offset)
    {
        if (arguments is not PythonTuple tuple)
        {
            throw Fail($"REDUCE at pickle byte offset {offset} has no argument tuple");
        }

        object?[] args = tuple.Items;
        switch (callable)
        {
            case NumpyGlobal.Reconstruct:
                // _reconstruct(numpy.ndarray, (0,), b'b'): an empty array that BUILD then fills.
                if (args.Length != 3 || args[0] is not NumpyGlobal.NDArray || args[1] is not PythonTuple || args[2] is not (byte[] or string))
                {
                    throw Fail($"REDUCE at pickle byte offset {offset} calls _reconstruct with arguments other than (numpy.ndarray, shape, typecode)");
                }

                return new PickledArray();
            case NumpyGlobal.DType:
            {
                // dtype('O8', False, True): the type code, then align and copy flags.
                if (args.Length != 3 || args[0] is not (string or byte[]) || args[1] is not (bool or long) || args[2] is not (bool or long))
                {
                    throw Fail($"REDUCE at pickle byte offset {offset} calls numpy.dtype with arguments other than (typecode, align, copy)");
                }

                // Python 2 wrote the type code as a byte string.
                return new PickledDType(args[0] as string ?? Encoding.Latin1.GetString((byte[])args[0]!));
            }

            case NumpyGlobal.CodecsEncode:
            {
                // _codecs.encode('\x01\x00…', 'latin1'): protocol 2 has no bytes opcode, so Python 3 writes bytes as the
                // latin-1 text of the same code points. Interpreted here; nothing is called.
                if (args.Length != 2 || args[0] is not string text || args[1] is not ("latin1" or "latin-1"))
                {
                    throw Fail($"REDUCE at pickle byte offset {offset} calls _codecs.encode with arguments other than (str, 'latin1')");
                }

                var bytes = new byte[text.Length];
                for (int i = 0; i < text.Length; i++)
                {
                    bytes[i] = text[i] <= '\u00ff'
                        ? (byte)text[i]
                        : throw Fail($"REDUCE at pickle byte offset {offset} calls _codecs.encode on a str that is not latin-1 (U+{(int)text[i]:X4} at {i})");
                }

                return bytes;
            }

            case NumpyGlobal.Bytes:
                return args.Length == 0
                    ? Array.Empty<byte>()
                    : throw Fail($"REDUCE at pickle byte offset {offset} calls bytes with arguments; only bytes() (an empty bytes object) is accepted");

            default:
                throw Fail(
                    $"refusing REDUCE at pickle byte offset {offset} on {Describe(callable)}: {Refusal} "
                    + "(only numpy's _reconstruct and numpy.dtype, and _codecs.encode and bytes() for a protocol 2 pickle's bytes, may be called)");
        }
    }

    /// <summary>BUILD: sets the state of an array or dtype that <see cref="Reduce"/> made.</summary>
    public void Build(object? target, object? state, int offset)
    {
        if (state is not PythonTuple tuple)
        {
            throw Fail($"BUILD at pickle byte offset {offset} has a state that is not a tuple");
        }

        object?[] items = tuple.Items;
        switch (target)
        {
            case PickledDType dtype:
            {
                // (version, byte order, subarray, names, fields, elsize, alignment, flags[, metadata])
                if (items.Length is < 8 or > 9 || items[1] is not (string or byte[]) || items[2] is not null || items[3] is not null || items[4] is not null)
                {
                    throw Fail($"BUILD at pickle byte offset {offset} sets a dtype state other than a plain (not structured) dtype's");
                }

                string order = items[1] as string ?? Encoding.Latin1.GetString((byte[])items[1]!);
                if (order.Length != 1)
                {
                    throw Fail($"BUILD at pickle byte offset {offset} sets the dtype byte order '{Printable(order)}'");
                }

                dtype.Resolved = NpyDType.FromTypeCode(dtype.Code, order[0])
                    ?? throw Fail($"unsupported dtype '{Printable(order)}{Printable(dtype.Code)}' in the pickle at byte offset {offset} (supported: {NpyDType.Supported})");
                break;
            }

            case PickledArray array:
            {
                // (version, shape, dtype, is_fortran, raw data), or without the version as older numpy wrote it.
                int first = items.Length switch
                {
                    5 => 1,
                    4 => 0,
                    _ => throw Fail($"BUILD at pickle byte offset {offset} sets an ndarray state of {items.Length} items (expected 4 or 5)"),
                };
                if (items[first] is not PythonTuple shape || items[first + 1] is not PickledDType dtype || items[first + 2] is not (bool or long))
                {
                    throw Fail($"BUILD at pickle byte offset {offset} sets an ndarray state other than (shape, dtype, is_fortran, data)");
                }

                array.Shape = ToShape(shape, offset);
                array.DType = dtype.Resolved
                    ?? throw Fail($"the ndarray built at pickle byte offset {offset} has a dtype without its state");
                array.Data = items[first + 3];
                array.Built = true;
                break;
            }

            default:
                throw Fail(
                    $"refusing BUILD at pickle byte offset {offset} on {Describe(target)}: {Refusal} "
                    + "(only numpy arrays and dtypes may be built)");
        }
    }

    private int[] ToShape(PythonTuple shape, int offset)
    {
        var dimensions = new int[shape.Items.Length];
        for (int i = 0; i < dimensions.Length; i++)
        {
            if (shape.Items[i] is not long dimension || dimension is < 0 or > int.MaxValue)
            {
                throw Fail($"the ndarray built at pickle byte offset {offset} has a shape with a dimension that is not an integer from 0 to {int.MaxValue}");
            }

            dimensions[i] = (int)dimension;
        }

        return dimensions;
    }

    private InvalidDataException Fail(string detail) => NpyHeader.Error(_source, detail);
}
