using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ModelDsl.Numpy;

/// <summary>
/// The stack machine of Python's pickle format, for the opcodes numpy's object-array pickles use (see
/// <see cref="NumpyPickleReader"/> for which, and why no others): the stack, MARKs and the memo, with every byte read
/// bounds-checked (<c>PickleInterpreter.Reading.cs</c>). The globals, calls and BUILDs go to
/// <see cref="NumpyReconstruction"/>; nothing is looked up or constructed by name.
/// </summary>
internal sealed partial class PickleInterpreter
{
    /// <summary>
    /// Boxes for 0 … 65535, shared: word ids are nearly all BININT1/BININT2, and IMDB has about 12 million of them.
    /// </summary>
    private static readonly object[] BoxedSmallInts = CreateBoxes();

    private readonly byte[] _data;
    private readonly int _start;
    private readonly int _end;
    private readonly string _source;
    private readonly NumpyReconstruction _numpy;
    private readonly List<object?> _stack = new();
    private readonly List<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = new();
    private int _position;
    private int _opcodeOffset;

    /// <summary>An interpreter for the pickle in <paramref name="data"/>[<paramref name="start"/>..<paramref name="end"/>]; <paramref name="source"/> names the file in errors.</summary>
    public PickleInterpreter(byte[] data, int start, int end, string source, NumpyReconstruction numpy)
    {
        _data = data;
        _start = start;
        _end = end;
        _position = start;
        _source = source;
        _numpy = numpy;
    }

    /// <summary>The opcode being run, for error messages.</summary>
    private string CurrentOpcode => PickleOpcodeNames.Describe((PickleOpcode)_data[_start + _opcodeOffset]);

    /// <summary>Runs the opcodes up to STOP and returns what STOP pops.</summary>
    public object? Run()
    {
        while (true)
        {
            if (_position >= _end)
            {
                throw Fail($"truncated: the pickle ends at byte offset {_position - _start} without a STOP opcode");
            }

            _opcodeOffset = _position - _start;
            var opcode = (PickleOpcode)_data[_position++];
            switch (opcode)
            {
                case PickleOpcode.Proto:
                {
                    byte protocol = ReadByte();
                    if (protocol is < 2 or > 5)
                    {
                        throw Fail($"unsupported pickle protocol {protocol} at pickle byte offset {_opcodeOffset} (numpy writes protocols 2 to 5)");
                    }

                    break;
                }

                case PickleOpcode.Frame: // a length prefix for buffering; the opcodes inside are read as usual.
                {
                    long frameLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));
                    if (frameLength < 0 || frameLength > _end - _position)
                    {
                        throw Fail($"truncated: a FRAME at pickle byte offset {_opcodeOffset} claims {(ulong)frameLength} bytes, but only {_end - _position} remain");
                    }

                    break;
                }

                case PickleOpcode.Stop:
                {
                    object? result = Pop();
                    if (_position != _end)
                    {
                        throw Fail($"{_end - _position} unexpected bytes after the pickle's STOP at byte offset {_opcodeOffset}");
                    }

                    return result;
                }

                case PickleOpcode.Mark:
                    _marks.Add(_stack.Count);
                    break;
                case PickleOpcode.EmptyTuple:
                    Push(PythonTuple.Empty);
                    break;
                case PickleOpcode.Tuple1:
                    PushTuple(1);
                    break;
                case PickleOpcode.Tuple2:
                    PushTuple(2);
                    break;
                case PickleOpcode.Tuple3:
                    PushTuple(3);
                    break;
                case PickleOpcode.Tuple:
                    Push(new PythonTuple(PopMark().ToArray()));
                    break;
                case PickleOpcode.EmptyList:
                    Push(new List<object?>());
                    break;
                case PickleOpcode.List:
                    Push(PopMark());
                    break;
                case PickleOpcode.Append:
                {
                    object? item = Pop();
                    TopList("APPEND").Add(item);
                    break;
                }

                case PickleOpcode.Appends: // moved from the stack into the list without an intermediate copy
                {
                    int mark = PopMarkIndex();
                    List<object?> list = ListBelow(mark, "APPENDS");
                    list.AddRange(CollectionsMarshal.AsSpan(_stack).Slice(mark));
                    _stack.RemoveRange(mark, _stack.Count - mark);
                    break;
                }

                case PickleOpcode.Binint:
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case PickleOpcode.Binint1:
                    Push(BoxedSmallInts[ReadByte()]);
                    break;
                case PickleOpcode.Binint2:
                    Push(BoxedSmallInts[BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))]);
                    break;
                case PickleOpcode.Long1:
                    Push(ReadLong1());
                    break;
                case PickleOpcode.Int:
                    Push(ReadTextInt());
                    break;
                case PickleOpcode.None:
                    Push(null);
                    break;
                case PickleOpcode.Newtrue:
                    Push(true);
                    break;
                case PickleOpcode.Newfalse:
                    Push(false);
                    break;
                case PickleOpcode.ShortBinbytes:
                case PickleOpcode.ShortBinstring: // (Python 2 str)
                    Push(ReadBytes(ReadByte()).ToArray());
                    break;
                case PickleOpcode.Binbytes:
                case PickleOpcode.Binstring: // (Python 2 str)
                    Push(ReadBytes(ReadLength32()).ToArray());
                    break;
                case PickleOpcode.ShortBinunicode:
                    Push(DecodeUtf8(ReadBytes(ReadByte())));
                    break;
                case PickleOpcode.Binunicode:
                    Push(DecodeUtf8(ReadBytes(ReadLength32())));
                    break;
                case PickleOpcode.Binput:
                    Memoize(ReadByte());
                    break;
                case PickleOpcode.LongBinput:
                    Memoize(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)));
                    break;
                case PickleOpcode.Memoize:
                    Memoize(_memo.Count);
                    break;
                case PickleOpcode.Binget:
                    Push(Recall(ReadByte()));
                    break;
                case PickleOpcode.LongBinget:
                    Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                    break;
                case PickleOpcode.Global: // "module\nname\n"
                {
                    string module = ReadLine();
                    string name = ReadLine();
                    Push(_numpy.ResolveGlobal(module, name, "GLOBAL", _opcodeOffset));
                    break;
                }

                case PickleOpcode.StackGlobal:
                {
                    object? name = Pop();
                    object? module = Pop();
                    if (module is not string moduleName || name is not string globalName)
                    {
                        throw Fail($"STACK_GLOBAL at pickle byte offset {_opcodeOffset} needs two strings on the stack");
                    }

                    Push(_numpy.ResolveGlobal(moduleName, globalName, "STACK_GLOBAL", _opcodeOffset));
                    break;
                }

                case PickleOpcode.Reduce:
                {
                    object? arguments = Pop();
                    object? callable = Pop();
                    Push(_numpy.Reduce(callable, arguments, _opcodeOffset));
                    break;
                }

                case PickleOpcode.Build:
                {
                    object? state = Pop();
                    object? target = Peek("BUILD");
                    _numpy.Build(target, state, _opcodeOffset);
                    break;
                }

                default:
                    throw Fail($"refusing pickle opcode {PickleOpcodeNames.Describe(opcode)} at pickle byte offset {_opcodeOffset}: {NumpyPickleReader.Refusal}");
            }
        }
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
            throw Fail($"{CurrentOpcode} at pickle byte offset {_opcodeOffset} without a MARK");
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
            ?? throw Fail($"{opcode} at pickle byte offset {_opcodeOffset} on {NumpyReconstruction.Describe(_stack[mark - 1])}, not a list");
    }

    private List<object?> TopList(string opcode)
    {
        if (Peek(opcode) is not List<object?> list)
        {
            throw Fail($"{opcode} at pickle byte offset {_opcodeOffset} on {NumpyReconstruction.Describe(Peek(opcode))}, not a list");
        }

        return list;
    }

    private int CurrentMarkFloor() => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count <= CurrentMarkFloor())
        {
            throw Fail($"{CurrentOpcode} at pickle byte offset {_opcodeOffset} on an empty stack");
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

    private static object[] CreateBoxes()
    {
        var boxes = new object[65536];
        for (int i = 0; i < boxes.Length; i++)
        {
            boxes[i] = (long)i;
        }

        return boxes;
    }
}
