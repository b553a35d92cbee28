using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace ModelDsl.Tests.Numpy;

/// <summary>
/// Writes small <c>.npy</c> / <c>.npz</c> files the way numpy does, for tests: headers padded to 64 bytes, and
/// object arrays pickled with the opcodes numpy 1.x (protocol 3), numpy 2 (protocol 4, framed, STACK_GLOBAL) and
/// Python 2's numpy (protocol 2, byte strings) emit for lists of Python ints.
/// </summary>
public static class NumpyTestFiles
{
    /// <summary>Which numpy/Python wrote the pickle.</summary>
    public enum PickleFlavor
    {
        /// <summary>numpy 1.x on Python 3: protocol 3, GLOBAL numpy.core.multiarray, BINPUT memo.</summary>
        Numpy1,

        /// <summary>numpy 2 on Python 3: protocol 4, FRAME, STACK_GLOBAL numpy._core.multiarray, MEMOIZE.</summary>
        Numpy2,

        /// <summary>numpy on Python 2: protocol 2, SHORT_BINSTRING for str.</summary>
        Python2,

        /// <summary>
        /// <c>pickle.dump(array, protocol=2)</c> on Python 3: GLOBAL and BINPUT as protocol 3, but protocol 2 has no
        /// bytes opcode, so bytes are written as <c>_codecs.encode(text, 'latin1')</c> (and <c>b''</c> as <c>__builtin__.bytes()</c>).
        /// </summary>
        Python3Protocol2,
    }

    /// <summary>An <c>.npy</c> file: the header for <paramref name="descr"/> and <paramref name="shape"/>, then <paramref name="payload"/>.</summary>
    public static byte[] Npy(string descr, int[] shape, byte[] payload, bool fortranOrder = false, int version = 1)
    {
        string shapeText = shape.Length == 1
            ? $"({shape[0]},)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        int prefix = 6 + 2 + (version == 1 ? 2 : 4);
        int total = prefix + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string header = dict + new string(' ', padded - total) + "\n";
        var output = new MemoryStream();
        output.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0 });
        byte[] headerBytes = version == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        if (version == 1)
        {
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
            output.Write(length);
        }
        else
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
            output.Write(length);
        }

        output.Write(headerBytes);
        output.Write(payload);
        return output.ToArray();
    }

    public static byte[] NpyInt64(params long[] values)
    {
        var payload = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(i * 8), values[i]);
        }

        return Npy("<i8", new[] { values.Length }, payload);
    }

    public static byte[] NpyInt64(IEnumerable<int> values) => NpyInt64(values.Select(v => (long)v).ToArray());

    /// <summary>An object-array <c>.npy</c> of int lists, shape (n,).</summary>
    public static byte[] NpyObject(IReadOnlyList<int[]> items, PickleFlavor flavor = PickleFlavor.Numpy1) =>
        Npy("|O", new[] { items.Count }, ObjectArrayPickle(items, flavor));

    /// <summary>An object-array <c>.npy</c> (shape (1,)) whose pickle is <paramref name="pickle"/>, for hostile inputs.</summary>
    public static byte[] NpyWithPickle(byte[] pickle, int length = 1) => Npy("|O", new[] { length }, pickle);

    /// <summary>Writes an <c>.npz</c>: one <c>name.npy</c> member per entry.</summary>
    public static void WriteNpz(string path, IEnumerable<(string Name, byte[] Npy)> members, bool compressed = false)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        foreach ((string name, byte[] npy) in members)
        {
            ZipArchiveEntry entry = archive.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using Stream stream = entry.Open();
            stream.Write(npy);
        }
    }

    /// <summary>A raw Keras-layout IMDB archive: x_train, y_train, x_test, y_test.</summary>
    public static void WriteImdbNpz(string path, IReadOnlyList<int[]> xTrain, IReadOnlyList<int> yTrain, IReadOnlyList<int[]> xTest, IReadOnlyList<int> yTest, PickleFlavor flavor = PickleFlavor.Numpy1, bool compressed = false) =>
        WriteNpz(
            path,
            new[]
            {
                ("x_test", NpyObject(xTest, flavor)),
                ("x_train", NpyObject(xTrain, flavor)),
                ("y_train", NpyInt64(yTrain)),
                ("y_test", NpyInt64(yTest)),
            },
            compressed);

    /// <summary>A raw Keras-layout Reuters archive: x, y.</summary>
    public static void WriteReutersNpz(string path, IReadOnlyList<int[]> x, IReadOnlyList<int> y) =>
        WriteNpz(path, new[] { ("x", NpyObject(x)), ("y", NpyInt64(y)) });

    /// <summary>The pickle numpy writes for an object array of int lists (what <c>pickle.dump(array)</c> emits).</summary>
    public static byte[] ObjectArrayPickle(IReadOnlyList<int[]> items, PickleFlavor flavor = PickleFlavor.Numpy1) =>
        ObjectArrayPickle(items.Count, (writer, i) => writer.IntList(items[i]), flavor);

    /// <summary>The same pickle with the items written by <paramref name="writeItem"/> (for malformed items).</summary>
    public static byte[] ObjectArrayPickle(int count, Action<PickleWriter, int> writeItem, PickleFlavor flavor = PickleFlavor.Numpy1)
    {
        var body = new PickleWriter(flavor);
        body.Global(flavor == PickleFlavor.Numpy2 ? "numpy._core.multiarray" : "numpy.core.multiarray", "_reconstruct");
        body.Global("numpy", "ndarray");
        body.Int(0);
        body.Op(0x85); // TUPLE1
        body.Memo();
        body.Bytes(new[] { (byte)'b' });
        body.Op(0x87); // TUPLE3
        body.Memo();
        body.Op((byte)'R');
        body.Memo();
        body.Op((byte)'('); // MARK: the state tuple
        body.Int(1);
        body.Int(count);
        body.Op(0x85);
        body.Memo();
        body.Global("numpy", "dtype");
        body.Str("O8");
        body.Op(0x89); // NEWFALSE
        body.Op(0x88); // NEWTRUE
        body.Op(0x87);
        body.Memo();
        body.Op((byte)'R');
        body.Memo();
        body.Op((byte)'(');
        body.Int(3);
        body.Str("|");
        body.Op((byte)'N');
        body.Op((byte)'N');
        body.Op((byte)'N');
        body.Int(-1);
        body.Int(-1);
        body.Int(63);
        body.Op((byte)'t');
        body.Memo();
        body.Op((byte)'b'); // BUILD the dtype
        body.Op(0x89); // is_fortran = False
        body.List(Enumerable.Range(0, count).Select(i => (Action)(() => writeItem(body, i))).ToList());
        body.Op((byte)'t');
        body.Memo();
        body.Op((byte)'b'); // BUILD the array
        body.Op((byte)'.');
        return body.ToPickle();
    }

    /// <summary>Emits pickle opcodes as CPython's pickler does for the values used here.</summary>
    public sealed class PickleWriter
    {
        private readonly PickleFlavor _flavor;
        private readonly MemoryStream _body = new();
        private int _memo;

        public PickleWriter(PickleFlavor flavor)
        {
            _flavor = flavor;
        }

        /// <summary>The memo index of the last list or ndarray written, for a later <see cref="Get"/> of it.</summary>
        public int MemoIndexOfLastContainer { get; private set; } = -1;

        public void Op(byte opcode) => _body.WriteByte(opcode);

        /// <summary>BINGET (or LONG_BINGET) of memo entry <paramref name="index"/>.</summary>
        public void Get(int index)
        {
            if (index < 256)
            {
                Op((byte)'h');
                Op((byte)index);
            }
            else
            {
                Op((byte)'j');
                var bytes = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(bytes, index);
                Raw(bytes);
            }
        }

        public void Raw(params byte[] bytes) => _body.Write(bytes);

        public void Memo()
        {
            if (_flavor == PickleFlavor.Numpy2)
            {
                Op(0x94); // MEMOIZE
            }
            else if (_memo < 256)
            {
                Op((byte)'q');
                Op((byte)_memo);
            }
            else
            {
                Op((byte)'r');
                var index = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(index, _memo);
                Raw(index);
            }

            _memo++;
        }

        public void Global(string module, string name)
        {
            if (_flavor == PickleFlavor.Numpy2)
            {
                Str(module);
                Str(name);
                Op(0x93); // STACK_GLOBAL
            }
            else
            {
                Op((byte)'c');
                Raw(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
            }

            Memo();
        }

        public void Int(long value)
        {
            if (value is >= 0 and <= 0xff)
            {
                Op((byte)'K');
                Op((byte)value);
            }
            else if (value is >= 0 and <= 0xffff)
            {
                Op((byte)'M');
                var bytes = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
                Raw(bytes);
            }
            else if (value is >= int.MinValue and <= int.MaxValue)
            {
                Op((byte)'J');
                var bytes = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
                Raw(bytes);
            }
            else
            {
                // LONG1: minimal little-endian two's complement.
                var bytes = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                int length = 8;
                while (length > 1 && ((bytes[length - 1] == 0 && bytes[length - 2] < 0x80) || (bytes[length - 1] == 0xff && bytes[length - 2] >= 0x80)))
                {
                    length--;
                }

                Op(0x8a);
                Op((byte)length);
                Raw(bytes.AsSpan(0, length).ToArray());
            }
        }

        public void Str(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (_flavor == PickleFlavor.Python2)
            {
                Op((byte)'U'); // SHORT_BINSTRING
                Op((byte)bytes.Length);
            }
            else if (_flavor == PickleFlavor.Numpy2 && bytes.Length < 256)
            {
                Op(0x8c); // SHORT_BINUNICODE
                Op((byte)bytes.Length);
            }
            else
            {
                Op((byte)'X'); // BINUNICODE
                var length = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
                Raw(length);
            }

            Raw(bytes);
            Memo();
        }

        public void Bytes(byte[] bytes)
        {
            if (_flavor == PickleFlavor.Python3Protocol2)
            {
                if (bytes.Length == 0)
                {
                    Global("__builtin__", "bytes");
                    Op((byte)')'); // EMPTY_TUPLE
                }
                else
                {
                    Global("_codecs", "encode");
                    Str(Encoding.Latin1.GetString(bytes));
                    Str("latin1");
                    Op(0x86); // TUPLE2
                    Memo();
                }

                Op((byte)'R');
                Memo();
                return;
            }

            if (bytes.Length < 256)
            {
                Op(_flavor == PickleFlavor.Python2 ? (byte)'U' : (byte)'C'); // SHORT_BINSTRING / SHORT_BINBYTES
                Op((byte)bytes.Length);
            }
            else
            {
                Op(_flavor == PickleFlavor.Python2 ? (byte)'T' : (byte)'B'); // BINSTRING / BINBYTES
                var length = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
                Raw(length);
            }

            Raw(bytes);
            Memo();
        }

        /// <summary>A 1-D little-endian int64 ndarray, as numpy pickles one: _reconstruct, then BUILD with the raw bytes.</summary>
        public void Int64Array(long[] values)
        {
            Global(_flavor == PickleFlavor.Numpy2 ? "numpy._core.multiarray" : "numpy.core.multiarray", "_reconstruct");
            Global("numpy", "ndarray");
            Int(0);
            Op(0x85); // TUPLE1
            Memo();
            Bytes(new[] { (byte)'b' });
            Op(0x87); // TUPLE3
            Memo();
            Op((byte)'R');
            Memo();
            MemoIndexOfLastContainer = _memo - 1;
            int array = MemoIndexOfLastContainer;
            Op((byte)'(');
            Int(1);
            Int(values.Length);
            Op(0x85);
            Memo();
            Global("numpy", "dtype");
            Str("i8");
            Op(0x89);
            Op(0x88);
            Op(0x87);
            Memo();
            Op((byte)'R');
            Memo();
            Op((byte)'(');
            Int(3);
            Str("<");
            Op((byte)'N');
            Op((byte)'N');
            Op((byte)'N');
            Int(-1);
            Int(-1);
            Int(0);
            Op((byte)'t');
            Memo();
            Op((byte)'b');
            Op(0x89);
            var raw = new byte[values.Length * 8];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
            }

            Bytes(raw);
            Op((byte)'t');
            Memo();
            Op((byte)'b');
            MemoIndexOfLastContainer = array;
        }

        /// <summary>EMPTY_LIST, then the items in batches of 1000 (APPENDS), a lone last item with APPEND.</summary>
        public void List(IReadOnlyList<Action> items)
        {
            Op((byte)']');
            Memo();
            int list = _memo - 1;
            for (int start = 0; start < items.Count; start += 1000)
            {
                int count = Math.Min(1000, items.Count - start);
                if (count == 1)
                {
                    items[start]();
                    Op((byte)'a');
                    continue;
                }

                Op((byte)'(');
                for (int i = start; i < start + count; i++)
                {
                    items[i]();
                }

                Op((byte)'e');
            }

            MemoIndexOfLastContainer = list;
        }

        public void IntList(int[] values) => List(values.Select(v => (Action)(() => Int(v))).ToList());

        /// <summary>The pickle: PROTO, then (protocol 4) the body in one FRAME.</summary>
        public byte[] ToPickle()
        {
            var output = new MemoryStream();
            output.WriteByte(0x80);
            output.WriteByte(_flavor switch { PickleFlavor.Numpy2 => 4, PickleFlavor.Python2 or PickleFlavor.Python3Protocol2 => 2, _ => 3 });
            byte[] body = _body.ToArray();
            if (_flavor == PickleFlavor.Numpy2)
            {
                output.WriteByte(0x95);
                var length = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(length, body.Length);
                output.Write(length);
            }

            output.Write(body);
            return output.ToArray();
        }
    }
}
