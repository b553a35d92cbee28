using System;
using System.IO;
using System.Linq;
using ModelDsl.Datasets.Keras;
using ModelDsl.Numpy;
using Xunit;
using Xunit.Abstractions;
using static ModelDsl.Tests.Numpy.CraftedArchives;
using static ModelDsl.Tests.Numpy.NumpyTestFiles;

namespace ModelDsl.Tests.Numpy;

/// <summary>
/// Small hostile files that declare or imply gigabytes: every reader refuses them with a message naming the file,
/// the member and the limit, and allocates no more than a small multiple of the input before doing so.
/// </summary>
public sealed class BoundedReaderTests : IDisposable
{
    /// <summary>"A small multiple of the input": what a reader may allocate per input byte, plus a fixed allowance.</summary>
    private const long BytesPerInputByte = 16;
    private const long FixedAllowance = 1 << 20;

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "ModelDsl.Tests.Bounded." + Guid.NewGuid().ToString("N"));

    private readonly ITestOutputHelper _output;

    public BoundedReaderTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_directory);

        // One-time costs (the reader's static tables, JIT) are not the input's doing: pay them before measuring.
        NpyFile.Read(new MemoryStream(NpyObject(new[] { new[] { 1 } })), "warm-up.npy");
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private string PathFor(string name) => Path.Combine(_directory, name);

    /// <summary>Runs <paramref name="action"/>, logging what it allocated (before any assertion can fail).</summary>
    private (Exception? Error, long Allocated) Measure(string what, Action action)
    {
        (Exception? error, long allocated) = AllocationMeter.Measure(action);
        _output.WriteLine($"{what}: allocated {allocated:N0} bytes; {(error is null ? "no exception" : error.GetType().Name + ": " + error.Message)}");
        return (error, allocated);
    }

    private static void AssertBounded(long allocated, long inputBytes, string what)
    {
        long limit = BytesPerInputByte * inputBytes + FixedAllowance;
        Assert.True(allocated <= limit, $"{what} allocated {allocated:N0} bytes for an input of {inputBytes:N0} bytes (limit {limit:N0}).");
    }

    private static InvalidDataException Refused(Exception? error) =>
        Assert.IsType<InvalidDataException>(error);

    [Fact]
    public void AnUnusedDeflateBombMemberIsNeverDecompressed()
    {
        // 256 MB of zeros deflate to about 250 KB; only the small y member is asked for.
        string path = PathFor("bomb.npz");
        WriteDeflateBombNpz(path, megabytes: 256);
        long fileSize = new FileInfo(path).Length;

        int[]? labels = null;
        (Exception? error, long allocated) = Measure("Load + Get(y) beside a 256 MB deflate bomb", () => labels = NpzFile.Load(path).Get("y").ToInt32Array());

        Assert.Null(error);
        Assert.Equal(new[] { 1, 0, 1 }, labels);
        AssertBounded(allocated, fileSize, "Load + Get(y) beside a 256 MB deflate bomb");
    }

    [Fact]
    public void AStoredMemberDeclaringMoreBytesThanTheFileHoldsIsRefusedBeforeReading()
    {
        byte[] zip = DeclareSizes(Npz(false, ("x", NpyInt64(1, 2, 3))), "x.npy", compressed: 1_500_000_000, uncompressed: 1_500_000_000);
        string path = PathFor("liar.npz");
        File.WriteAllBytes(path, zip);

        (Exception? error, long allocated) = Measure("stored member declaring 1.5 GB", () => NpzFile.Load(path).Get("x"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains(path, refusal.Message);
        Assert.Contains("member x.npy", refusal.Message);
        Assert.Contains("1500000000", refusal.Message);
        Assert.Contains($"only {zip.Length} bytes", refusal.Message);
        AssertBounded(allocated, zip.Length, "stored member declaring 1.5 GB");
    }

    [Fact]
    public void ADeflatedMemberDeclaringMoreThanDeflateCanExpandToIsRefusedBeforeReading()
    {
        byte[] honest = Npz(true, ("x", NpyInt64(1, 2, 3)));
        string path = PathFor("inflated.npz");
        long compressed;
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(honest)))
        {
            compressed = archive.GetEntry("x.npy")!.CompressedLength;
        }

        byte[] zip = DeclareSizes(honest, "x.npy", (uint)compressed, uncompressed: 1_500_000_000);
        File.WriteAllBytes(path, zip);

        (Exception? error, long allocated) = Measure("deflated member declaring 1.5 GB", () => NpzFile.Load(path).Get("x"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains(path, refusal.Message);
        Assert.Contains("member x.npy", refusal.Message);
        Assert.Contains("1500000000", refusal.Message);
        Assert.Contains($"at most {compressed * 1032}", refusal.Message);
        AssertBounded(allocated, zip.Length, "deflated member declaring 1.5 GB");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AZipDirectoryDeclaringHugeCountsIsRefusedNamingTheFile(bool zip64)
    {
        byte[] zip = DeclareEntryCount(Npz(false, ("x", NpyInt64(1, 2, 3))), zip64);
        string path = PathFor("directory.npz");
        File.WriteAllBytes(path, zip);

        (Exception? error, long allocated) = Measure(zip64 ? "zip64 directory declaring 2^40 entries" : "directory declaring 65535 entries", () => NpzFile.Load(path));

        InvalidDataException refusal = Refused(error);
        Assert.Contains(path, refusal.Message);
        Assert.Contains("not a valid .npz (zip) archive", refusal.Message);
        AssertBounded(allocated, zip.Length, "a zip directory declaring huge counts");
    }

    [Fact]
    public void AMemberWhoseHeaderDeclaresMoreDataThanTheMemberHoldsIsRefused()
    {
        // A header for 200 million int64 (1.6 GB) followed by 24 bytes.
        byte[] npy = Npy("<i8", new[] { 200_000_000 }, new byte[24]);
        string path = PathFor("shape.npz");
        File.WriteAllBytes(path, Npz(false, ("x_train", npy)));

        (Exception? error, long allocated) = Measure("npy header declaring 1.6 GB", () => NpzFile.Load(path).Get("x_train"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains(path, refusal.Message);
        Assert.Contains("member x_train.npy", refusal.Message);
        Assert.Contains("needs 1600000000 data bytes, but only 24 follow the header", refusal.Message);
        AssertBounded(allocated, new FileInfo(path).Length, "npy header declaring 1.6 GB");
    }

    [Fact]
    public void AMemberHoldingMoreThanItsNpyHeaderDeclaresIsReadOnlyThatFar()
    {
        // A 64 MB deflated member whose .npy header declares 3 int64: reading stops one byte past them.
        string path = PathFor("padded.npz");
        using (var file = new FileStream(path, FileMode.Create))
        using (var archive = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create))
        using (Stream member = archive.CreateEntry("x.npy", System.IO.Compression.CompressionLevel.SmallestSize).Open())
        {
            member.Write(NpyInt64(1, 2, 3));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++)
            {
                member.Write(zeros);
            }
        }

        (Exception? error, long allocated) = Measure("a 64 MB member behind a 3-item header", () => NpzFile.Load(path).Get("x"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains(path, refusal.Message);
        Assert.Contains("member x.npy", refusal.Message);
        Assert.Contains($"unexpected bytes after the array data (its header declares {NpyInt64(1, 2, 3).Length} bytes in all)", refusal.Message);
        AssertBounded(allocated, new FileInfo(path).Length, "a 64 MB member behind a 3-item header");
    }

    [Fact]
    public void AnObjectArrayHeaderDeclaringBillionsOfItemsIsRefused()
    {
        byte[] npy = Npy("|O", new[] { 2_000_000_000 }, ObjectArrayPickle(new[] { new[] { 1 } }));

        (Exception? error, long allocated) = Measure("object array header declaring 2e9 items", () => NpyFile.Read(new MemoryStream(npy), "huge.npy"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("huge.npy", refusal.Message);
        Assert.Contains("(2000000000)", refusal.Message);
        AssertBounded(allocated, npy.Length, "object array header declaring 2e9 items");
    }

    [Theory]
    [InlineData((byte)'X', "BINUNICODE")]
    [InlineData((byte)'B', "BINBYTES")]
    [InlineData((byte)'T', "BINSTRING")]
    public void PickleStringsClaimingGigabytesAreRefused(byte opcode, string name)
    {
        byte[] pickle = { 0x80, 3, opcode, 0xf0, 0xff, 0xff, 0xff, (byte)'a', (byte)'.' };
        byte[] npy = NpyWithPickle(pickle);

        (Exception? error, long allocated) = Measure($"{name} claiming 4 GB", () => NpyFile.Read(new MemoryStream(npy), "claims.npy"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("claims.npy", refusal.Message);
        Assert.Contains($"{name} (0x{opcode:x2}) at pickle byte offset 2 claims 4294967280 bytes, but only 2 remain", refusal.Message);
        AssertBounded(allocated, npy.Length, $"{name} claiming 4 GB");
    }

    [Fact]
    public void AMemoBombOfListsIsRefusedBeforeMaterialising()
    {
        // 200,000 items that are all the same list of 1,000 ints: a 400 KB pickle standing for 200 million ints (800 MB).
        byte[] pickle = MemoBombPickle(references: 200_000, listLength: 1000);
        byte[] npy = NpyWithPickle(pickle, length: 200_000);

        (Exception? error, long allocated) = Measure("memo bomb of lists", () => NpyFile.Read(new MemoryStream(npy), "bomb.npy"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("bomb.npy", refusal.Message);
        Assert.Contains("200000000 ints", refusal.Message);
        Assert.Contains($"at most {pickle.Length}", refusal.Message);
        Assert.Contains("memo", refusal.Message);
        AssertBounded(allocated, npy.Length, "memo bomb of lists");
    }

    [Fact]
    public void AMemoBombOfNumpyArrayItemsIsRefusedBeforeMaterialising()
    {
        // 20,000 items that are all the same ndarray of 10,000 int64: an 80 KB array standing for 200 million ints.
        byte[] npy = NpyWithPickle(ArrayMemoBombPickle(references: 20_000, arrayLength: 10_000), length: 20_000);

        (Exception? error, long allocated) = Measure("memo bomb of ndarray items", () => NpyFile.Read(new MemoryStream(npy), "arrays.npy"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("arrays.npy", refusal.Message);
        Assert.Contains("200000000 ints", refusal.Message);
        AssertBounded(allocated, npy.Length, "memo bomb of ndarray items");
    }

    [Fact]
    public void AMemoBombInTheImdbArchiveNamesTheFileTheMemberAndTheLimit()
    {
        string path = PathFor("imdb.npz");
        WriteNpz(path, new[]
        {
            ("x_train", NpyWithPickle(MemoBombPickle(references: 50_000, listLength: 1000), length: 50_000)),
            ("y_train", NpyInt64(new long[50_000])),
            ("x_test", NpyObject(new[] { new[] { 1 } })),
            ("y_test", NpyInt64(0)),
        });

        (Exception? error, long allocated) = Measure("IMDB archive with a memo bomb", () => Imdb.LoadData(path));

        InvalidDataException refusal = Refused(error);
        Assert.Contains(path, refusal.Message);
        Assert.Contains("member x_train.npy", refusal.Message);
        Assert.Contains("50000000 ints", refusal.Message);
        Assert.Contains("at most", refusal.Message);
        AssertBounded(allocated, new FileInfo(path).Length, "IMDB archive with a memo bomb");
    }

    [Fact]
    public void AnEndlessStreamThatIsNotNumpyIsRefusedAtItsFirstBytes()
    {
        var endless = new EndlessStream(Array.Empty<byte>());

        (Exception? error, long allocated) = Measure("an endless stream of zeros", () => NpyFile.Read(endless, "zeros"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("zeros: not an .npy array", refusal.Message);
        Assert.True(endless.BytesRead <= 1 << 16, $"read {endless.BytesRead} bytes");
        AssertBounded(allocated, endless.BytesRead, "an endless stream of zeros");
    }

    [Fact]
    public void DevZeroIsRefusedAtItsFirstBytes()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // not a Unix machine: the endless stream above covers the same
        }

        (Exception? error, long allocated) = Measure("/dev/zero", () => NpyFile.Read("/dev/zero"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("/dev/zero: not an .npy array", refusal.Message);
        AssertBounded(allocated, 1 << 16, "/dev/zero");
    }

    [Fact]
    public void ANumericArrayIsReadOnlyToTheSizeItsHeaderDeclares()
    {
        // A valid header for 3 int64 followed by endless bytes: reading stops one byte past the 24 data bytes.
        byte[] npy = NpyInt64(1, 2, 3);
        var endless = new EndlessStream(npy, filler: 7);

        (Exception? error, long allocated) = Measure("a numeric array followed by endless bytes", () => NpyFile.Read(endless, "endless.npy"));

        InvalidDataException refusal = Refused(error);
        Assert.Contains("endless.npy", refusal.Message);
        Assert.Contains($"unexpected bytes after the array data (its header declares {npy.Length} bytes in all)", refusal.Message);
        AssertBounded(allocated, npy.Length, "a numeric array followed by endless bytes");
    }

    [Fact]
    public void TrailingBytesInANpyFileAreCounted()
    {
        string path = PathFor("trailing.npy");
        byte[] npy = NpyInt64(1, 2, 3);
        File.WriteAllBytes(path, npy.Concat(new byte[5]).ToArray());

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"5 unexpected bytes after the array data (its header declares {npy.Length} bytes in all)", error.Message);
    }

    [DatasetFact("keras_imdb/imdb_subset_5k1k_num_words500.npz")]
    public void TheRealKerasSubsetReadsWithinTheSameBound()
    {
        // Honest data fits the limits the attacks are held to: every member read, 6,000 sequences materialised.
        string path = SharedDatasets.PathOf("keras_imdb/imdb_subset_5k1k_num_words500.npz");
        long sequences = 0;

        (Exception? error, long allocated) = Measure("the real 3.1 MB Keras IMDB subset, every member", () =>
        {
            NpzFile archive = NpzFile.Load(path);
            foreach (string name in archive.Names)
            {
                NpyArray array = archive.Get(name);
                sequences += array.IsObjectArray ? array.Length : 0;
            }
        });

        Assert.Null(error);
        Assert.Equal(6000, sequences);
        AssertBounded(allocated, new FileInfo(path).Length, "the real Keras IMDB subset");
    }

    [Fact]
    public void SharedListsWithinTheBudgetStillRead()
    {
        // numpy writes a BINGET when the same list object is in the array twice; a little sharing is legitimate.
        byte[] pickle = RepeatedItemPickle(3, writer => writer.IntList(new[] { 7, 8, 9 }));

        int[][] items = NpyFile.Read(new MemoryStream(NpyWithPickle(pickle, length: 3)), "shared.npy").ToJaggedInt32();

        Assert.Equal(new[] { new[] { 7, 8, 9 }, new[] { 7, 8, 9 }, new[] { 7, 8, 9 } }, items);
        Assert.NotSame(items[0], items[1]);
    }
}
