using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using static ModelDsl.Tests.Numpy.NumpyTestFiles;

namespace ModelDsl.Tests.Numpy;

/// <summary>
/// Small hostile inputs for the readers: zip entries that declare more bytes than they hold, a deflated member that
/// really expands a thousandfold, and object-array pickles whose memo references repeat one list many times.
/// </summary>
public static class CraftedArchives
{
    /// <summary>
    /// Rewrites the sizes the local and central headers of <paramref name="member"/> declare (the zip must have been
    /// written to a seekable stream, so the sizes sit in the headers and not in a data descriptor).
    /// </summary>
    public static byte[] DeclareSizes(byte[] zip, string member, uint compressed, uint uncompressed)
    {
        byte[] result = (byte[])zip.Clone();
        byte[] name = Encoding.ASCII.GetBytes(member);
        int patched = 0;
        for (int i = 0; i + 46 <= result.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(result.AsSpan(i));
            if (signature == 0x04034b50 && NameAt(result, i + 30, i + 26, name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(i + 18), compressed);
                BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(i + 22), uncompressed);
                patched++;
            }
            else if (signature == 0x02014b50 && NameAt(result, i + 46, i + 28, name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(i + 20), compressed);
                BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(i + 24), uncompressed);
                patched++;
            }
        }

        return patched == 2 ? result : throw new InvalidOperationException($"found {patched} headers for {member}, not 2");
    }

    /// <summary>
    /// Rewrites the end-of-central-directory record to declare 65535 entries, or (<paramref name="zip64"/>) inserts a
    /// zip64 record declaring 2^40 entries in a 2^40-byte directory: far more than the file holds.
    /// </summary>
    public static byte[] DeclareEntryCount(byte[] zip, bool zip64)
    {
        int eocd = zip.AsSpan().LastIndexOf(new byte[] { 0x50, 0x4b, 0x05, 0x06 });
        byte[] tail = zip.AsSpan(eocd).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(tail.AsSpan(8), 0xffff); // entries on this disk
        BinaryPrimitives.WriteUInt16LittleEndian(tail.AsSpan(10), 0xffff); // entries in all
        if (!zip64)
        {
            return [.. zip.AsSpan(0, eocd), .. tail];
        }

        uint directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(16));
        BinaryPrimitives.WriteUInt32LittleEndian(tail.AsSpan(12), 0xffffffff); // directory size: see the zip64 record
        BinaryPrimitives.WriteUInt32LittleEndian(tail.AsSpan(16), 0xffffffff); // directory offset: the same
        var record = new byte[56 + 20];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), 44); // size of the rest of the record
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 45);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(24), 1UL << 40); // entries on this disk
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), 1UL << 40); // entries in all
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(40), 1UL << 40); // directory size
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(48), directoryOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(56), 0x07064b50); // the locator
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(64), (ulong)eocd);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(72), 1);
        return [.. zip.AsSpan(0, eocd), .. record, .. tail];
    }

    /// <summary>An <c>.npz</c> in memory: one <c>name.npy</c> member per entry.</summary>
    public static byte[] Npz(bool compressed, params (string Name, byte[] Npy)[] members)
    {
        var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] npy) in members)
            {
                ZipArchiveEntry entry = archive.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using Stream stream = entry.Open();
                stream.Write(npy);
            }
        }

        return output.ToArray();
    }

    /// <summary>
    /// Writes an <c>.npz</c> with a small <c>y</c> member and a deflated <c>bomb</c> member: a valid <c>.npy</c> of
    /// <paramref name="megabytes"/> MB of zeros, which deflate shrinks about a thousandfold.
    /// </summary>
    public static void WriteDeflateBombNpz(string path, int megabytes)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        using (Stream y = archive.CreateEntry("y.npy", CompressionLevel.NoCompression).Open())
        {
            y.Write(NpyInt64(1, 0, 1));
        }

        int count = megabytes * (1 << 20);
        using Stream bomb = archive.CreateEntry("bomb.npy", CompressionLevel.SmallestSize).Open();
        bomb.Write(Npy("|u1", new[] { count }, Array.Empty<byte>()));
        var zeros = new byte[1 << 20];
        for (int i = 0; i < megabytes; i++)
        {
            bomb.Write(zeros);
        }
    }

    /// <summary>
    /// An object-array pickle of <paramref name="references"/> items that are all the one list of
    /// <paramref name="listLength"/> ints: the list is written once and memoized, every item is a 2-byte BINGET of it.
    /// </summary>
    public static byte[] MemoBombPickle(int references, int listLength) =>
        RepeatedItemPickle(references, writer => writer.IntList(new int[listLength]));

    /// <summary>
    /// The same attack with a numpy array item: one 1-D <c>&lt;i8</c> ndarray of <paramref name="arrayLength"/>
    /// zeros, memoized, then <paramref name="references"/> − 1 BINGETs of it.
    /// </summary>
    public static byte[] ArrayMemoBombPickle(int references, int arrayLength) =>
        RepeatedItemPickle(references, writer => writer.Int64Array(new long[arrayLength]));

    /// <summary>An object-array pickle whose first item is written by <paramref name="writeItem"/> and every other item is a BINGET of it.</summary>
    public static byte[] RepeatedItemPickle(int references, Action<PickleWriter> writeItem)
    {
        int memoIndex = -1;
        return ObjectArrayPickle(
            references,
            (writer, i) =>
            {
                if (i == 0)
                {
                    writeItem(writer);
                    memoIndex = writer.MemoIndexOfLastContainer;
                }
                else
                {
                    writer.Get(memoIndex);
                }
            });
    }

    private static bool NameAt(byte[] zip, int nameStart, int lengthAt, byte[] name) =>
        BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(lengthAt)) == name.Length
        && nameStart + name.Length <= zip.Length
        && zip.AsSpan(nameStart, name.Length).SequenceEqual(name);
}

/// <summary>A stream that yields <paramref name="prefix"/> and then <paramref name="filler"/> for ever, counting what was read.</summary>
public sealed class EndlessStream : Stream
{
    private readonly byte[] _prefix;
    private readonly byte _filler;

    public EndlessStream(byte[] prefix, byte filler = 0)
    {
        _prefix = prefix;
        _filler = filler;
    }

    /// <summary>How many bytes have been read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++)
        {
            buffer[offset + i] = BytesRead + i < _prefix.Length ? _prefix[BytesRead + i] : _filler;
        }

        BytesRead += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
