using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using ModelDsl.Numpy;
using Xunit;
using static ModelDsl.Tests.Numpy.NumpyTestFiles;

namespace ModelDsl.Tests.Numpy;

/// <summary>Reading .npy and .npz files: numeric arrays, object arrays of int lists, and corrupt archives.</summary>
public sealed class NpyReaderTests : IDisposable
{
    private const string Subset = "keras_imdb/imdb_subset_5k1k_num_words500.npz";

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "ModelDsl.Tests.Npy." + Guid.NewGuid().ToString("N"));

    public NpyReaderTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private string PathFor(string name) => Path.Combine(_directory, name);

    private static NpyArray Read(byte[] npy, string name = "test.npy") => NpyFile.Read(new MemoryStream(npy), name);

    [DatasetFact(Subset)]
    public void RealKerasSubsetReadsAsKerasLoadedIt()
    {
        NpzFile archive = NpzFile.Load(SharedDatasets.PathOf(Subset));

        Assert.Equal(new[] { "arr_0", "arr_1", "arr_2", "arr_3" }, archive.Names);
        NpyArray x = archive.Get("arr_0");
        Assert.Equal("|O", x.Descr);
        Assert.True(x.IsObjectArray);
        Assert.Equal(new[] { 5000 }, x.Shape);
        int[][] xTrain = x.ToJaggedInt32();
        Assert.Equal(5000, xTrain.Length);
        Assert.Equal(218, xTrain[0].Length);
        Assert.Equal(189, xTrain[1].Length);
        Assert.Equal(new[] { 1, 14, 22, 16, 43 }, xTrain[0].Take(5));
        Assert.All(xTrain, sequence => Assert.All(sequence, id => Assert.InRange(id, 1, 499)));

        NpyArray y = archive.Get("arr_1");
        Assert.Equal("<i8", y.Descr);
        Assert.Equal(5000, y.GetData<long>().Length);
        Assert.Equal(new[] { 1, 0, 0, 1, 0, 0, 1, 0, 1, 0 }, y.ToInt32Array().Take(10));

        int[][] xTest = archive.Get("arr_2").ToJaggedInt32();
        Assert.Equal(1000, xTest.Length);
        Assert.Equal(68, xTest[0].Length);
        int[] yTest = archive.Get("arr_3").ToInt32Array();
        Assert.Equal(1000, yTest.Length);
        Assert.Equal(0, yTest[0]);
    }

    [Theory]
    [InlineData(PickleFlavor.Numpy1)]
    [InlineData(PickleFlavor.Numpy2)]
    [InlineData(PickleFlavor.Python2)]
    [InlineData(PickleFlavor.Python3Protocol2)]
    public void ObjectArraysOfIntListsReadForEveryPickleFlavor(PickleFlavor flavor)
    {
        // Covers BININT1/BININT2/BININT/LONG1, APPEND (one item), APPENDS in batches of 1000, empty lists, long memos.
        var items = new[]
        {
            new[] { 1, 2, 3 },
            Array.Empty<int>(),
            new[] { 7 },
            new[] { 255, 256, 65535, 65536, -1, int.MinValue, int.MaxValue },
            Enumerable.Range(0, 2500).ToArray(),
        }.Concat(Enumerable.Range(0, 300).Select(i => new[] { i, i * 3 })).ToArray();

        NpyArray array = Read(NpyObject(items, flavor));

        Assert.Equal("|O", array.Descr);
        Assert.Equal(items, array.ToJaggedInt32());
    }

    [Fact]
    public void NumericDtypesRead()
    {
        var i4 = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(i4, -7);
        BinaryPrimitives.WriteInt32LittleEndian(i4.AsSpan(4), 70000);
        Assert.Equal(new[] { -7, 70000 }, Read(Npy("<i4", new[] { 2 }, i4)).GetData<int>());

        var f4 = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(f4, 1.5f);
        Assert.Equal(new[] { 1.5f }, Read(Npy("<f4", new[] { 1 }, f4)).GetData<float>());

        var f8 = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(f8, Math.PI);
        Assert.Equal(new[] { Math.PI }, Read(Npy("<f8", new[] { 1 }, f8)).GetData<double>());

        var bigEndian = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bigEndian, 123456789012);
        Assert.Equal(new[] { 123456789012L }, Read(Npy(">i8", new[] { 1 }, bigEndian)).GetData<long>());

        Assert.Equal(new[] { true, false, true }, Read(Npy("|b1", new[] { 3 }, new byte[] { 1, 0, 1 })).GetData<bool>());
        Assert.Equal(new byte[] { 0, 200 }, Read(Npy("|u1", new[] { 2 }, new byte[] { 0, 200 })).GetData<byte>());
        Assert.Equal(new[] { 1, 0 }, Read(Npy("|b1", new[] { 2 }, new byte[] { 1, 0 })).ToInt32Array());

        NpyArray scalar = Read(Npy("<i8", Array.Empty<int>(), BitConverter.GetBytes(5L)));
        Assert.Empty(scalar.Shape);
        Assert.Equal(new[] { 5L }, scalar.GetData<long>());

        NpyArray empty = Read(Npy("<i8", new[] { 0 }, Array.Empty<byte>()));
        Assert.Equal(0, empty.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void HeaderVersionsOneTwoAndThreeRead(int version)
    {
        NpyArray array = Read(Npy("<i8", new[] { 2, 3 }, Enumerable.Range(1, 6).SelectMany(i => BitConverter.GetBytes((long)i)).ToArray(), version: version));

        Assert.Equal(new[] { 2, 3 }, array.Shape);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, array.GetData<long>());
    }

    [Fact]
    public void FortranOrderIsReorderedToCOrder()
    {
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        long[] columnMajor = { 1, 4, 2, 5, 3, 6 };
        NpyArray array = Read(Npy("<i8", new[] { 2, 3 }, columnMajor.SelectMany(BitConverter.GetBytes).ToArray(), fortranOrder: true));

        Assert.True(array.FortranOrder);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, array.GetData<long>());
    }

    [Fact]
    public void WrongElementTypeRequestsExplainThemselves()
    {
        NpyArray array = Read(NpyInt64(1, 2));

        var typed = Assert.Throws<InvalidOperationException>(() => array.GetData<int>());
        Assert.Contains("'<i8'", typed.Message);
        var jagged = Assert.Throws<InvalidOperationException>(() => array.ToJaggedInt32());
        Assert.Contains("not an object array", jagged.Message);
        var tooBig = Assert.Throws<InvalidOperationException>(() => Read(NpyInt64(1L << 40)).ToInt32Array());
        Assert.Contains("does not fit in 32 bits", tooBig.Message);
    }

    [Fact]
    public void DeflatedNpzMembersRead()
    {
        string path = PathFor("compressed.npz");
        WriteNpz(path, new[] { ("a", NpyInt64(Enumerable.Range(0, 1000))), ("b", NpyObject(new[] { new[] { 4, 5 } })) }, compressed: true);

        NpzFile archive = NpzFile.Load(path);

        Assert.Equal(Enumerable.Range(0, 1000), archive.Get("a").ToInt32Array());
        Assert.Equal(new[] { new[] { 4, 5 } }, archive.Get("b").ToJaggedInt32());
        Assert.True(archive.Contains("a"));
        Assert.False(archive.Contains("c"));
    }

    [Fact]
    public void NonNpyMembersAreIgnored()
    {
        string path = PathFor("extra.npz");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var stream = archive.CreateEntry("readme.txt").Open())
            {
                stream.Write(Encoding.ASCII.GetBytes("not an array"));
            }

            using (var stream = archive.CreateEntry("x.npy").Open())
            {
                stream.Write(NpyInt64(9));
            }
        }

        Assert.Equal(new[] { "x" }, NpzFile.Load(path).Names);
    }

    [Fact]
    public void TruncatedNpzIsInvalidDataNamingTheFile()
    {
        string whole = PathFor("whole.npz");
        WriteNpz(whole, new[] { ("x", NpyObject(Enumerable.Range(0, 200).Select(i => new[] { i, i }).ToArray())) });
        byte[] bytes = File.ReadAllBytes(whole);
        string truncated = PathFor("truncated.npz");
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var error = Assert.Throws<InvalidDataException>(() => NpzFile.Load(truncated));

        Assert.Contains(truncated, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [DatasetFact(Subset)]
    public void TruncatedCopyOfTheRealSubsetIsInvalidData()
    {
        string truncated = PathFor("imdb_cut.npz");
        using (var source = File.OpenRead(SharedDatasets.PathOf(Subset)))
        using (var target = File.Create(truncated))
        {
            var buffer = new byte[100_000];
            source.ReadExactly(buffer);
            target.Write(buffer);
        }

        var error = Assert.Throws<InvalidDataException>(() => NpzFile.Load(truncated));

        Assert.Contains("imdb_cut.npz", error.Message);
    }

    [Fact]
    public void NotAZipIsInvalidData()
    {
        string path = PathFor("text.npz");
        File.WriteAllText(path, "hello, I am not a zip file");

        var error = Assert.Throws<InvalidDataException>(() => NpzFile.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a valid .npz (zip) archive", error.Message);
    }

    [Fact]
    public void MissingMemberIsInvalidDataListingTheMembers()
    {
        string path = PathFor("partial.npz");
        WriteNpz(path, new[] { ("x_train", NpyObject(new[] { new[] { 1 } })) });

        var error = Assert.Throws<InvalidDataException>(() => NpzFile.Load(path).Get("y_train"));

        Assert.Contains(path, error.Message);
        Assert.Contains("no member y_train.npy", error.Message);
        Assert.Contains("x_train.npy", error.Message);
    }

    [Fact]
    public void BadMagicIsInvalidDataNamingFileAndMember()
    {
        string path = PathFor("badmagic.npz");
        WriteNpz(path, new[] { ("x", Encoding.ASCII.GetBytes("PK this is not numpy")) });

        NpzFile archive = NpzFile.Load(path);
        var error = Assert.Throws<InvalidDataException>(() => archive.Get("x"));

        Assert.Contains(path, error.Message);
        Assert.Contains("member x.npy", error.Message);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void MembersAreParsedWhenAskedForSoUnusedUnsupportedOnesDoNoHarm()
    {
        string path = PathFor("mixed.npz");
        WriteNpz(path, new[] { ("names", Npy("<U5", new[] { 1 }, new byte[20])), ("x", NpyInt64(4, 2)) });

        NpzFile archive = NpzFile.Load(path);

        Assert.Equal(new[] { "names", "x" }, archive.Names);
        Assert.Same(archive.Get("x"), archive.Get("x"));
        Assert.Equal(new long[] { 4, 2 }, archive.Get("x").GetData<long>());
        Assert.Contains("unsupported dtype '<U5'", Assert.Throws<InvalidDataException>(() => archive.Get("names")).Message);
    }

    [Fact]
    public void BadMagicInAStandaloneNpyNamesTheFile()
    {
        string path = PathFor("bad.npy");
        File.WriteAllBytes(path, new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'X', 1, 0, 0, 0 });

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void TruncatedNumericDataIsInvalidData()
    {
        byte[] whole = NpyInt64(1, 2, 3, 4);
        byte[] cut = whole.AsSpan(0, whole.Length - 5).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => Read(cut, "cut.npy"));

        Assert.Contains("cut.npy", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TruncatedHeaderIsInvalidData()
    {
        byte[] whole = NpyInt64(1);
        var error = Assert.Throws<InvalidDataException>(() => Read(whole.AsSpan(0, 30).ToArray(), "short.npy"));

        Assert.Contains("short.npy", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TruncatedPickleIsInvalidData()
    {
        byte[] whole = NpyObject(Enumerable.Range(0, 50).Select(i => new[] { i }).ToArray());
        byte[] cut = whole.AsSpan(0, whole.Length - 20).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => Read(cut, "cut.npy"));

        Assert.Contains("cut.npy", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void PickleShapeMustMatchTheHeader()
    {
        byte[] pickle = ObjectArrayPickle(new[] { new[] { 1 }, new[] { 2 } });

        var error = Assert.Throws<InvalidDataException>(() => Read(NpyWithPickle(pickle, length: 3), "shape.npy"));

        Assert.Contains("shape (2)", error.Message);
        Assert.Contains("(3)", error.Message);
    }

    [Theory]
    [InlineData("<c16", "unsupported dtype '<c16'")]
    [InlineData("<U5", "unsupported dtype '<U5'")]
    [InlineData("|i8", "unsupported dtype '|i8'")]
    public void UnsupportedDtypesAreNamed(string descr, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(Npy(descr, new[] { 1 }, new byte[16]), "d.npy"));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void StructuredDtypesAndOddHeadersAreRejected()
    {
        byte[] structured = RawNpy("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }");
        var error = Assert.Throws<InvalidDataException>(() => Read(structured, "s.npy"));
        Assert.Contains("structured", error.Message);

        byte[] call = RawNpy("{'descr': __import__('os'), 'fortran_order': False, 'shape': ()}");
        var callError = Assert.Throws<InvalidDataException>(() => Read(call, "c.npy"));
        Assert.Contains("not a Python dict literal", callError.Message);
    }

    private static byte[] RawNpy(string dict)
    {
        byte[] header = Encoding.Latin1.GetBytes(dict + "\n");
        var bytes = new byte[10 + header.Length];
        Encoding.Latin1.GetBytes("\x93NUMPY\x01\x00").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        header.CopyTo(bytes, 10);
        return bytes;
    }
}
