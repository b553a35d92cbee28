using System;
using System.Globalization;
using System.Text;

namespace ModelDsl.Numpy;

/// <summary>
/// Every opcode of Python's pickle protocols 0 to 5, by its byte. A member's name is the name Python's
/// <c>pickletools</c> gives the opcode, in Pascal case with one capital for each word of it (<c>ShortBinstring</c> is
/// <c>SHORT_BINSTRING</c>, <c>Binint1</c> is <c>BININT1</c>), so error messages print that name (see
/// <see cref="PickleOpcodeNames.Describe"/>). <see cref="PickleInterpreter"/> runs only a few of them.
/// </summary>
internal enum PickleOpcode : byte
{
    Mark = (byte)'(',
    EmptyTuple = (byte)')',
    Stop = (byte)'.',
    Pop = (byte)'0',
    PopMark = (byte)'1',
    Dup = (byte)'2',
    Binbytes = (byte)'B',
    ShortBinbytes = (byte)'C',
    Float = (byte)'F',
    Binfloat = (byte)'G',
    Int = (byte)'I',
    Binint = (byte)'J',
    Binint1 = (byte)'K',
    Long = (byte)'L',
    Binint2 = (byte)'M',
    None = (byte)'N',
    Persid = (byte)'P',
    Binpersid = (byte)'Q',
    Reduce = (byte)'R',
    String = (byte)'S',
    Binstring = (byte)'T',
    ShortBinstring = (byte)'U',
    Unicode = (byte)'V',
    Binunicode = (byte)'X',
    EmptyList = (byte)']',
    Append = (byte)'a',
    Build = (byte)'b',
    Global = (byte)'c',
    Dict = (byte)'d',
    Appends = (byte)'e',
    Get = (byte)'g',
    Binget = (byte)'h',
    Inst = (byte)'i',
    LongBinget = (byte)'j',
    List = (byte)'l',
    Obj = (byte)'o',
    Put = (byte)'p',
    Binput = (byte)'q',
    LongBinput = (byte)'r',
    Setitem = (byte)'s',
    Tuple = (byte)'t',
    Setitems = (byte)'u',
    EmptyDict = (byte)'}',
    Proto = 0x80,
    Newobj = 0x81,
    Ext1 = 0x82,
    Ext2 = 0x83,
    Ext4 = 0x84,
    Tuple1 = 0x85,
    Tuple2 = 0x86,
    Tuple3 = 0x87,
    Newtrue = 0x88,
    Newfalse = 0x89,
    Long1 = 0x8a,
    Long4 = 0x8b,
    ShortBinunicode = 0x8c,
    Binunicode8 = 0x8d,
    Binbytes8 = 0x8e,
    EmptySet = 0x8f,
    Additems = 0x90,
    Frozenset = 0x91,
    NewobjEx = 0x92,
    StackGlobal = 0x93,
    Memoize = 0x94,
    Frame = 0x95,
    Bytearray8 = 0x96,
    NextBuffer = 0x97,
    ReadonlyBuffer = 0x98,}

/// <summary>The names <c>pickletools</c> gives the opcodes, from the member names of <see cref="PickleOpcode"/>.</summary>
internal static class PickleOpcodeNames
{
    private static readonly string?[] Names = CreateNames();

    /// <summary>The name pickletools gives <paramref name="opcode"/>, with its byte: <c>BININT1 (0x4b)</c>.</summary>
    public static string Describe(PickleOpcode opcode)
    {
        string? name = Names[(byte)opcode];
        string hex = "0x" + ((byte)opcode).ToString("x2", CultureInfo.InvariantCulture);
        return name is null ? $"{hex} (not a pickle opcode)" : $"{name} ({hex})";
    }

    private static string?[] CreateNames()
    {
        var names = new string?[256];
        foreach (PickleOpcode opcode in Enum.GetValues<PickleOpcode>())
        {
            names[(byte)opcode] = PickletoolsName(opcode.ToString());
        }

        return names;
    }

    /// <summary><c>ShortBinstring</c> → <c>SHORT_BINSTRING</c>: an underscore before every capital but the first, then upper case.</summary>
    private static string PickletoolsName(string member)
    {
        var name = new StringBuilder(member.Length + 4);
        for (int i = 0; i < member.Length; i++)
        {
            if (i > 0 && char.IsUpper(member[i]))
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(member[i]));
        }

        return name.ToString();
    }
}
