using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelDsl.Numpy;

/// <summary>
/// Reads the pickle stream numpy writes for an object array (<c>dtype=object</c>) whose items are lists of Python
/// ints — the ragged sequences of Keras's <c>imdb.npz</c> and <c>reuters.npz</c> — and nothing else.
/// </summary>
/// <remarks>
/// <para>
/// Unpickling arbitrary data is code execution: a pickle can name any importable callable (<c>os.system</c>,
/// <c>builtins.eval</c>) and call it. This is not an unpickler. It is a small interpreter for the opcodes numpy's
/// object-array pickles use (protocols 2 to 5): PROTO, FRAME, MARK, STOP, the tuple, list, int, bool, None, bytes
/// and str opcodes, the memo opcodes, and GLOBAL / STACK_GLOBAL / REDUCE / BUILD only for
/// <c>numpy.core.multiarray._reconstruct</c> (or numpy 2's <c>numpy._core.multiarray._reconstruct</c>),
/// <c>numpy.ndarray</c> and <c>numpy.dtype</c>. Those calls are interpreted here, into plain C# values; no type
/// is ever looked up or constructed by name. Any other opcode or global is an <see cref="InvalidDataException"/>
/// naming it and its byte offset.
/// </para>
/// <para>
/// SHORT_BINSTRING and BINSTRING (a Python 2 <c>str</c>, what Python 2's numpy wrote for the same bytes) are
/// accepted as data too: like SHORT_BINBYTES they only push bytes. Protocol 2 written by Python 3 has no bytes
/// opcode and writes bytes as <c>_codecs.encode(text, 'latin1')</c> (and <c>b''</c> as <c>bytes()</c>): those two
/// calls are interpreted too, only with exactly those arguments, into the same bytes.
/// </para>
/// <para>
/// Every length a pickle declares (FRAME, BINBYTES, BINUNICODE …) is checked against the bytes that remain before
/// anything is allocated, and the items are turned into <c>int[]</c> within a budget of one int per pickle byte (see
/// <see cref="PickledIntLists"/>), so memo references cannot make a small file stand for gigabytes.
/// </para>
/// </remarks>
internal sealed class NumpyPickleReader
{
    private const string Refusal =
        "unpickling arbitrary data is code execution, so only numpy object arrays of Python int lists are accepted";

    /// <summary>
    /// Boxes for 0 … 65535, shared: word ids are nearly all BININT1/BININT2, and IMDB has about 12 million of them.
    /// </summary>
    private static readonly object[] BoxedSmallInts = CreateBoxes();

    private readonly byte[] _data;
    private readonly int _start;
    private readonly int _end;
    private readonly string _source;
    private readonly List<object?> _stack = new();
    private readonly List<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();
    private int _position;
    private int _opcodeOffset;

    private NumpyPickleReader(byte[] data, int start, int end, string source)
    {
        _data = data;
        _start = start;
        _end = end;
        _position = start;
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

    /// <summary>
    /// Reads the object array pickled in <paramref name="data"/>[<paramref name="start"/>..<paramref name="end"/>]
    /// and returns its items, each a list of ints, in C order.
    /// </summary>
    /// <param name="data">The buffer.</param>
    /// <param name="start">Where the pickle starts.</param>
    /// <param name="end">Where the pickle must end (just after its STOP).</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <param name="expectedShape">The shape from the <c>.npy</c> header, which the pickled array must have.</param>
    public static int[][] ReadObjectArray(byte[] data, int start, int end, string source, int[] expectedShape)
    {
        var reader = new NumpyPickleReader(data, start, end, source);
        object? root = reader.Run();
        return PickledIntLists.Materialize(root, expectedShape, end - start, reader.Fail);
    }

    private static object[] CreateBoxes()
    {
        var boxes = new object[65536];
        for (int i = 0; i < boxes.Length; i++)
        {
            boxes[i] = (long)i;
        }

        return boxes;
    }

    private object? Run()
    {
        while (true)
        {
            if (_position >= _end)
            {
                throw Fail($"truncated: the pickle ends at byte offset {_position - _start} without a STOP opcode");
            }

            _opcodeOffset = _position - _start;
            byte opcode = _data[_position++];
            switch (opcode)
            {
                case 0x80: // PROTO
                {
                    byte protocol = ReadByte();
                    if (protocol is < 2 or > 5)
                    {
                        throw Fail($"unsupported pickle protocol {protocol} at pickle byte offset {_opcodeOffset} (numpy writes protocols 2 to 5)");
                    }

                    break;
                }

                case 0x95: // FRAME: a length prefix for buffering; the opcodes inside are read as usual.
                {
                    long frameLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));
                    if (frameLength < 0 || frameLength > _end - _position)
                    {
                        throw Fail($"truncated: a FRAME at pickle byte offset {_opcodeOffset} claims {(ulong)frameLength} bytes, but only {_end - _position} remain");
                    }

                    break;
                }

                case (byte)'.': // STOP
                {
                    object? result = Pop();
                    if (_position != _end)
                    {
                        throw Fail($"{_end - _position} unexpected bytes after the pickle's STOP at byte offset {_opcodeOffset}");
                    }

                    return result;
                }

                case (byte)'(': // MARK
                    _marks.Add(_stack.Count);
                    break;
                case (byte)')': // EMPTY_TUPLE
                    Push(PythonTuple.Empty);
                    break;
                case 0x85: // TUPLE1
                    PushTuple(1);
                    break;
                case 0x86: // TUPLE2
                    PushTuple(2);
                    break;
                case 0x87: // TUPLE3
                    PushTuple(3);
                    break;
                case (byte)'t': // TUPLE
                    Push(new PythonTuple(PopMark().ToArray()));
                    break;
                case (byte)']': // EMPTY_LIST
                    Push(new List<object?>());
                    break;
                case (byte)'l': // LIST
                    Push(PopMark());
                    break;
                case (byte)'a': // APPEND
                {
                    object? item = Pop();
                    TopList("APPEND").Add(item);
                    break;
                }

                case (byte)'e': // APPENDS: moved from the stack into the list without an intermediate copy
                {
                    int mark = PopMarkIndex();
                    List<object?> list = ListBelow(mark, "APPENDS");
                    list.AddRange(CollectionsMarshal.AsSpan(_stack).Slice(mark));
                    _stack.RemoveRange(mark, _stack.Count - mark);
                    break;
                }

                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case (byte)'K': // BININT1
                    Push(BoxedSmallInts[ReadByte()]);
                    break;
                case (byte)'M': // BININT2
                    Push(BoxedSmallInts[BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))]);
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong1());
                    break;
                case (byte)'I': // INT
                    Push(ReadTextInt());
                    break;
                case (byte)'N': // NONE
                    Push(null);
                    break;
                case 0x88: // NEWTRUE
                    Push(true);
                    break;
                case 0x89: // NEWFALSE
                    Push(false);
                    break;
                case (byte)'C': // SHORT_BINBYTES
                case (byte)'U': // SHORT_BINSTRING (Python 2 str)
                    Push(ReadBytes(ReadByte()).ToArray());
                    break;
                case (byte)'B': // BINBYTES
                case (byte)'T': // BINSTRING (Python 2 str)
                    Push(ReadBytes(ReadLength32()).ToArray());
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(DecodeUtf8(ReadBytes(ReadByte())));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(DecodeUtf8(ReadBytes(ReadLength32())));
                    break;
                case (byte)'q': // BINPUT
                    Memoize(ReadByte());
                    break;
                case (byte)'r': // LONG_BINPUT
                    Memoize(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)));
                    break;
                case 0x94: // MEMOIZE
                    Memoize(_memo.Count);
                    break;
                case (byte)'h': // BINGET
                    Push(Recall(ReadByte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case (byte)'c': // GLOBAL: "module\nname\n"
                {
                    string module = ReadLine();
                    string name = ReadLine();
                    Push(ResolveGlobal(module, name, "GLOBAL"));
                    break;
                }

                case 0x93: // STACK_GLOBAL
                {
                    object? name = Pop();
                    object? module = Pop();
                    if (module is not string moduleName || name is not string globalName)
                    {
                        throw Fail($"STACK_GLOBAL at pickle byte offset {_opcodeOffset} needs two strings on the stack");
                    }

                    Push(ResolveGlobal(moduleName, globalName, "STACK_GLOBAL"));
                    break;
                }

                case (byte)'R': // REDUCE
                {
                    object? arguments = Pop();
                    object? callable = Pop();
                    Push(Reduce(callable, arguments));
                    break;
                }

                case (byte)'b': // BUILD
                {
                    object? state = Pop();
                    object? target = Peek("BUILD");
                    Build(target, state);
                    break;
                }

                default:
                    throw Fail($"refusing pickle opcode {OpcodeName(opcode)} at pickle byte offset {_opcodeOffset}: {Refusal}");
            }
        }
    }

    private object ResolveGlobal(string module, string name, string opcode)
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
                $"refusing pickle global '{Printable(module)}.{Printable(name)}' ({opcode}) at pickle byte offset {_opcodeOffset}: {Refusal} "
                + "(the only globals allowed are numpy.core.multiarray._reconstruct, numpy._core.multiarray._reconstruct, numpy.ndarray and numpy.dtype, "
                + "and _codecs.encode and bytes for the bytes of a protocol 2 pickle)");
        }

        return global.Value;
    }

    private object Reduce(object? callable, object? arguments)
    {
        if (arguments is not PythonTuple tuple)
        {
            throw Fail($"REDUCE at pickle byte offset {_opcodeOffset} has no argument tuple");
        }

        object?[] args = tuple.Items;
        switch (callable)
        {
            case NumpyGlobal.Reconstruct:
                // _reconstruct(numpy.ndarray, (0,), b'b'): an empty array that BUILD then fills.
                if (args.Length != 3 || args[0] is not NumpyGlobal.NDArray || args[1] is not PythonTuple || args[2] is not (byte[] or string))
                {
                    throw Fail($"REDUCE at pickle byte offset {_opcodeOffset} calls _reconstruct with arguments other than (numpy.ndarray, shape, typecode)");
                }

                return new PickledArray();
            case NumpyGlobal.DType:
            {
                // dtype('O8', False, True): the type code, then align and copy flags.
                if (args.Length != 3 || args[0] is not (string or byte[]) || args[1] is not (bool or long) || args[2] is not (bool or long))
                {
                    throw Fail($"REDUCE at pickle byte offset {_opcodeOffset} calls numpy.dtype with arguments other than (typecode, align, copy)");
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
                    throw Fail($"REDUCE at pickle byte offset {_opcodeOffset} calls _codecs.encode with arguments other than (str, 'latin1')");
                }

                var bytes = new byte[text.Length];
                for (int i = 0; i < text.Length; i++)
                {
                    bytes[i] = text[i] <= '\u00ff'
                        ? (byte)text[i]
                        : throw Fail($"REDUCE at pickle byte offset {_opcodeOffset} calls _codecs.encode on a str that is not latin-1 (U+{(int)text[i]:X4} at {i})");
                }

                return bytes;
            }

            case NumpyGlobal.Bytes:
                return args.Length == 0
                    ? Array.Empty<byte>()
                    : throw Fail($"REDUCE at pickle byte offset {_opcodeOffset} calls bytes with arguments; only bytes() (an empty bytes object) is accepted");

            default:
                throw Fail(
                    $"refusing REDUCE at pickle byte offset {_opcodeOffset} on {Describe(callable)}: {Refusal} "
                    + "(only numpy's _reconstruct and numpy.dtype, and _codecs.encode and bytes() for a protocol 2 pickle's bytes, may be called)");
        }
    }

    private void Build(object? target, object? state)
    {
        if (state is not PythonTuple tuple)
        {
            throw Fail($"BUILD at pickle byte offset {_opcodeOffset} has a state that is not a tuple");
        }

        object?[] items = tuple.Items;
        switch (target)
        {
            case PickledDType dtype:
            {
                // (version, byte order, subarray, names, fields, elsize, alignment, flags[, metadata])
                if (items.Length is < 8 or > 9 || items[1] is not (string or byte[]) || items[2] is not null || items[3] is not null || items[4] is not null)
                {
                    throw Fail($"BUILD at pickle byte offset {_opcodeOffset} sets a dtype state other than a plain (not structured) dtype's");
                }

                string order = items[1] as string ?? Encoding.Latin1.GetString((byte[])items[1]!);
                if (order.Length != 1)
                {
                    throw Fail($"BUILD at pickle byte offset {_opcodeOffset} sets the dtype byte order '{Printable(order)}'");
                }

                dtype.Resolved = NpyDType.FromTypeCode(dtype.Code, order[0])
                    ?? throw Fail($"unsupported dtype '{Printable(order)}{Printable(dtype.Code)}' in the pickle at byte offset {_opcodeOffset} (supported: {NpyDType.Supported})");
                break;
            }

            case PickledArray array:
            {
                // (version, shape, dtype, is_fortran, raw data), or without the version as older numpy wrote it.
                int first = items.Length switch
                {
                    5 => 1,
                    4 => 0,
                    _ => throw Fail($"BUILD at pickle byte offset {_opcodeOffset} sets an ndarray state of {items.Length} items (expected 4 or 5)"),
                };
                if (items[first] is not PythonTuple shape || items[first + 1] is not PickledDType dtype || items[first + 2] is not (bool or long))
                {
                    throw Fail($"BUILD at pickle byte offset {_opcodeOffset} sets an ndarray state other than (shape, dtype, is_fortran, data)");
                }

                array.Shape = ToShape(shape);
                array.DType = dtype.Resolved
                    ?? throw Fail($"the ndarray built at pickle byte offset {_opcodeOffset} has a dtype without its state");
                array.Data = items[first + 3];
                array.Built = true;
                break;
            }

            default:
                throw Fail(
                    $"refusing BUILD at pickle byte offset {_opcodeOffset} on {Describe(target)}: {Refusal} "
                    + "(only numpy arrays and dtypes may be built)");
        }
    }

    private int[] ToShape(PythonTuple shape)
    {
        var dimensions = new int[shape.Items.Length];
        for (int i = 0; i < dimensions.Length; i++)
        {
            if (shape.Items[i] is not long dimension || dimension is < 0 or > int.MaxValue)
            {
                throw Fail($"the ndarray built at pickle byte offset {_opcodeOffset} has a shape with a dimension that is not an integer from 0 to {int.MaxValue}");
            }

            dimensions[i] = (int)dimension;
        }

        return dimensions;
    }

    private void PushTuple(int count)
    {
        if (_stack.Count - CurrentMarkFloor() < count)
        {
            throw Fail($"TUPLE{count} at pickle byte offset {_opcodeOffset} on a stack of fewer than {count} items");
        }

        var items = new object?[count];
        _stack.CopyTo(_stack.Count - count, items, 0, count);
        _stack.RemoveRange(_stack.Count - count, count);
        Push(new PythonTuple(items));
    }

    private List<object?> PopMark()
    {
        int mark = PopMarkIndex();
        List<object?> items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    /// <summary>Removes the innermost MARK; returns the stack index of the first item pushed after it.</summary>
    private int PopMarkIndex()
    {
        if (_marks.Count == 0)
        {
            throw Fail($"{OpcodeName(_data[_start + _opcodeOffset])} at pickle byte offset {_opcodeOffset} without a MARK");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        return mark;
    }

    /// <summary>The list just below stack index <paramref name="mark"/>, which the items above it are added to.</summary>
    private List<object?> ListBelow(int mark, string opcode)
    {
        if (mark <= CurrentMarkFloor())
        {
            throw Fail($"{opcode} at pickle byte offset {_opcodeOffset} on an empty stack");
        }

        return _stack[mark - 1] as List<object?>
            ?? throw Fail($"{opcode} at pickle byte offset {_opcodeOffset} on {Describe(_stack[mark - 1])}, not a list");
    }

    private List<object?> TopList(string opcode)
    {
        if (Peek(opcode) is not List<object?> list)
        {
            throw Fail($"{opcode} at pickle byte offset {_opcodeOffset} on {Describe(Peek(opcode))}, not a list");
        }

        return list;
    }

    private int CurrentMarkFloor() => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count <= CurrentMarkFloor())
        {
            throw Fail($"{OpcodeName(_data[_start + _opcodeOffset])} at pickle byte offset {_opcodeOffset} on an empty stack");
        }

        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek(string opcode)
    {
        if (_stack.Count <= CurrentMarkFloor())
        {
            throw Fail($"{opcode} at pickle byte offset {_opcodeOffset} on an empty stack");
        }

        return _stack[^1];
    }

    private void Memoize(long index)
    {
        _memo[index] = Peek("a memo store");
    }

    private object? Recall(long index)
    {
        if (!_memo.TryGetValue(index, out object? value))
        {
            throw Fail($"the memo get at pickle byte offset {_opcodeOffset} refers to entry {index}, which was never stored");
        }

        return value;
    }

    private byte ReadByte() => ReadBytes(1)[0];

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count > _end - _position)
        {
            throw Fail($"truncated: the {OpcodeName(_data[_start + _opcodeOffset])} at pickle byte offset {_opcodeOffset} needs {count} more bytes, but only {_end - _position} remain");
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
            throw Fail($"truncated: the {OpcodeName(_data[_start + _opcodeOffset])} at pickle byte offset {_opcodeOffset} claims {length} bytes, but only {_end - _position} remain");
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
            throw Fail($"the {OpcodeName(_data[_start + _opcodeOffset])} at pickle byte offset {_opcodeOffset} has no newline-terminated argument (truncated or corrupt)");
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

    private InvalidDataException Fail(string detail) => NpyHeader.Error(_source, detail);

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

    private static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 80));
        foreach (char c in text.Length <= 80 ? text : text.Substring(0, 80))
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return text.Length <= 80 ? builder.ToString() : builder.Append("...").ToString();
    }

    /// <summary>The name pickletools gives <paramref name="opcode"/>, with its byte.</summary>
    private static string OpcodeName(byte opcode)
    {
        string? name = opcode switch
        {
            (byte)'(' => "MARK",
            (byte)'.' => "STOP",
            (byte)'0' => "POP",
            (byte)'1' => "POP_MARK",
            (byte)'2' => "DUP",
            (byte)'F' => "FLOAT",
            (byte)'I' => "INT",
            (byte)'J' => "BININT",
            (byte)'K' => "BININT1",
            (byte)'L' => "LONG",
            (byte)'M' => "BININT2",
            (byte)'N' => "NONE",
            (byte)'P' => "PERSID",
            (byte)'Q' => "BINPERSID",
            (byte)'R' => "REDUCE",
            (byte)'S' => "STRING",
            (byte)'T' => "BINSTRING",
            (byte)'U' => "SHORT_BINSTRING",
            (byte)'V' => "UNICODE",
            (byte)'X' => "BINUNICODE",
            (byte)'a' => "APPEND",
            (byte)'b' => "BUILD",
            (byte)'c' => "GLOBAL",
            (byte)'d' => "DICT",
            (byte)'}' => "EMPTY_DICT",
            (byte)'e' => "APPENDS",
            (byte)'g' => "GET",
            (byte)'h' => "BINGET",
            (byte)'i' => "INST",
            (byte)'j' => "LONG_BINGET",
            (byte)'l' => "LIST",
            (byte)']' => "EMPTY_LIST",
            (byte)'o' => "OBJ",
            (byte)'p' => "PUT",
            (byte)'q' => "BINPUT",
            (byte)'r' => "LONG_BINPUT",
            (byte)'s' => "SETITEM",
            (byte)'t' => "TUPLE",
            (byte)')' => "EMPTY_TUPLE",
            (byte)'u' => "SETITEMS",
            (byte)'G' => "BINFLOAT",
            (byte)'B' => "BINBYTES",
            (byte)'C' => "SHORT_BINBYTES",
            0x80 => "PROTO",
            0x81 => "NEWOBJ",
            0x82 => "EXT1",
            0x83 => "EXT2",
            0x84 => "EXT4",
            0x85 => "TUPLE1",
            0x86 => "TUPLE2",
            0x87 => "TUPLE3",
            0x88 => "NEWTRUE",
            0x89 => "NEWFALSE",
            0x8a => "LONG1",
            0x8b => "LONG4",
            0x8c => "SHORT_BINUNICODE",
            0x8d => "BINUNICODE8",
            0x8e => "BINBYTES8",
            0x8f => "EMPTY_SET",
            0x90 => "ADDITEMS",
            0x91 => "FROZENSET",
            0x92 => "NEWOBJ_EX",
            0x93 => "STACK_GLOBAL",
            0x94 => "MEMOIZE",
            0x95 => "FRAME",
            0x96 => "BYTEARRAY8",
            0x97 => "NEXT_BUFFER",
            0x98 => "READONLY_BUFFER",
            _ => null,
        };
        string hex = "0x" + opcode.ToString("x2", CultureInfo.InvariantCulture);
        return name is null ? $"{hex} (not a pickle opcode)" : $"{name} ({hex})";
    }
}
