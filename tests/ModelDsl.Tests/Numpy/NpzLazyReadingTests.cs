using System;
using System.IO;
using System.Linq;
using ModelDsl.Numpy;
using Xunit;
using static ModelDsl.Tests.Numpy.CraftedArchives;
using static ModelDsl.Tests.Numpy.NumpyTestFiles;

namespace ModelDsl.Tests.Numpy;

/// <summary>
/// <see cref="NpzFile.Load"/> reads the zip directory only; each member is read from the file when it is first asked
/// for, so damage in a member nobody asks for does no harm and damage in one that is asked for names it.
/// </summary>
public sealed class NpzLazyReadingTests : IDisposable
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "ModelDsl.Tests.Lazy." + Guid.NewGuid().ToString("N"));

    public NpzLazyReadingTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    private string PathFor(string name) => Path.Combine(_directory, name);

    /// <summary>An archive whose stored member <c>bad.npy</c> has its data overwritten with 0xff after the headers were written.</summary>
    private string WriteArchiveWithDamagedMember()
    {
        byte[] zip = Npz(false, ("good", NpyInt64(4, 5)), ("bad", NpyInt64(Enumerable.Range(0, 64))));
        byte[] magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };
        int second = zip.AsSpan().LastIndexOf(magic); // the bad member's .npy starts here
        zip.AsSpan(second, 16).Fill(0xff);
        string path = PathFor("damaged.npz");
        File.WriteAllBytes(path, zip);
        return path;
    }

    [Fact]
    public void ADamagedMemberThatIsNotAskedForDoesNoHarm()
    {
        NpzFile archive = NpzFile.Load(WriteArchiveWithDamagedMember());

        Assert.Equal(new[] { "good", "bad" }, archive.Names);
        Assert.Equal(new long[] { 4, 5 }, archive.Get("good").GetData<long>());
    }

    [Fact]
    public void ADamagedMemberThatIsAskedForNamesTheFileAndMember()
    {
        string path = WriteArchiveWithDamagedMember();
        NpzFile archive = NpzFile.Load(path);

        var error = Assert.Throws<InvalidDataException>(() => archive.Get("bad"));

        Assert.Contains(path, error.Message);
        Assert.Contains("member bad.npy", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFlippedBitInAMembersDataIsRefusedByItsChecksum(bool compressed)
    {
        byte[] zip = Npz(compressed, ("x", NpyInt64(Enumerable.Range(0, 4096))));
        int dataAt = compressed ? zip.Length / 3 : zip.AsSpan().IndexOf(new byte[] { 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0x01, 0x08 });
        zip[dataAt + 1] ^= 0x04;
        string path = PathFor("flipped.npz");
        File.WriteAllBytes(path, zip);

        var error = Assert.Throws<InvalidDataException>(() => NpzFile.Load(path).Get("x"));

        Assert.Contains(path, error.Message);
        Assert.Contains("member x.npy", error.Message);
        Assert.Matches("CRC-32 is [0-9a-f]{8} but the archive records [0-9a-f]{8}|cannot be read", error.Message);
    }

    [Fact]
    public void AMemberIsReadFromTheFileWhenFirstAskedForThenKept()
    {
        string path = PathFor("kept.npz");
        WriteNpz(path, new[] { ("x", NpyInt64(1, 2)) });
        NpzFile archive = NpzFile.Load(path);

        NpyArray first = archive.Get("x");
        File.Delete(path);

        Assert.Same(first, archive.Get("x"));
    }

    [Fact]
    public void AMemberReplacedAfterLoadIsRefused()
    {
        string path = PathFor("replaced.npz");
        WriteNpz(path, new[] { ("x", NpyInt64(1, 2)) });
        NpzFile archive = NpzFile.Load(path);
        WriteNpz(path, new[] { ("x", NpyInt64(1, 2, 3)) });

        var error = Assert.Throws<InvalidDataException>(() => archive.Get("x"));

        Assert.Contains(path, error.Message);
        Assert.Contains("member x.npy", error.Message);
        Assert.Contains("changed or replaced", error.Message);
    }

    [Fact]
    public void MembersCanBeReadFromSeveralThreadsAtOnce()
    {
        string path = PathFor("threads.npz");
        WriteNpz(path, Enumerable.Range(0, 8).Select(i => ($"m{i}", NpyInt64(Enumerable.Range(i, 100)))), compressed: true);
        NpzFile archive = NpzFile.Load(path);

        NpyArray[] arrays = Enumerable.Range(0, 64).AsParallel().Select(i => archive.Get($"m{i % 8}")).ToArray();

        for (int i = 0; i < arrays.Length; i++)
        {
            Assert.Equal(Enumerable.Range(i % 8, 100), arrays[i].ToInt32Array());
            Assert.Same(arrays[i % 8], arrays[i]);
        }
    }
}
