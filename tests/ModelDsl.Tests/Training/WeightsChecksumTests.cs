using System;
using System.IO;
using System.Linq;
using ModelDsl.Training;
using Xunit;

namespace ModelDsl.Tests.Training;

/// <summary>
/// Weights files and checkpoints end with a SHA-256 checksum: a flipped bit or bytes appended after the file are
/// refused naming the file, instead of loading silently (issue 10). Killed writes leave no temporary file for good.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class WeightsChecksumTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public enum Damage
    {
        FlippedBit,
        TrailingBytes,
        Truncated,
    }

    [Theory]
    [InlineData(Damage.FlippedBit)]
    [InlineData(Damage.TrailingBytes)]
    [InlineData(Damage.Truncated)]
    public void LoadWeights_OfADamagedFile_IsRefusedNamingTheFile(Damage damage)
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        string path = _directory.File("weights.bin");
        session.SaveWeights(path);
        Corrupt(path, damage);

        var error = Assert.Throws<InvalidDataException>(() => session.LoadWeights(path));

        Assert.Contains($"'{path}' is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Damage.FlippedBit)]
    [InlineData(Damage.TrailingBytes)]
    [InlineData(Damage.Truncated)]
    public void LoadCheckpoint_OfADamagedFile_IsRefusedNamingTheFile(Damage damage)
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.Separable(16);
        using (x)
        using (y)
        {
            session.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 8, Verbose = 0 });
        }

        string path = _directory.File("best.ckpt");
        session.SaveCheckpoint(path);
        Corrupt(path, damage);

        var error = Assert.Throws<InvalidDataException>(() => session.LoadCheckpoint(path));

        Assert.Contains($"'{path}' is corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SavedWeights_StillLoadWithTorchSharp_AndRoundTrip()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        string path = _directory.File("weights.bin");
        session.SaveWeights(path);

        using var byTorchSharp = new TinyBinary();
        byTorchSharp.load(path);
        using var byUs = new TinyBinary();
        using var reloading = new TrainingSession(byUs, TrainingTestSupport.BinaryAdam());
        reloading.LoadWeights(path);

        TrainingTestSupport.AssertSameWeights(model, byTorchSharp);
        TrainingTestSupport.AssertSameWeights(model, byUs);
    }

    [Fact]
    public void LoadWeights_OfATorchSharpFileWithoutChecksum_LoadsUnlessBytesFollowTheTensors()
    {
        using var model = new TinyBinary();
        string path = _directory.File("plain.bin");
        model.save(path);
        using var copy = new TinyBinary();
        using var session = new TrainingSession(copy, TrainingTestSupport.BinaryAdam());

        session.LoadWeights(path);
        TrainingTestSupport.AssertSameWeights(model, copy);

        Corrupt(path, Damage.TrailingBytes);
        var error = Assert.Throws<InvalidDataException>(() => session.LoadWeights(path));
        Assert.Contains($"'{path}' is corrupt: 5 byte(s) follow the weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStaleTemporaryFromAKilledWrite_IsDeletedByTheNextWriteOfTheSameFile()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        string path = _directory.File("best.ckpt");
        string stale = _directory.File($".best.ckpt.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        File.WriteAllBytes(stale, new byte[100]); // what a write killed before its rename leaves
        string unrelated = _directory.File(".other.ckpt.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(unrelated, new byte[1]);

        session.SaveWeights(path);

        Assert.Equal(new[] { ".other.ckpt.0123456789abcdef0123456789abcdef.tmp", "best.ckpt" }, _directory.Files());
    }

    [Fact]
    public void ATemporaryFileALiveWriterHolds_IsNotDeleted()
    {
        string path = _directory.File("data.bin");
        string live = _directory.File($".data.bin.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        using (var writer = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            AtomicFile.Write(path, stream => stream.Write(new byte[] { 1 }));
            Assert.True(File.Exists(live));
        }

        AtomicFile.Write(path, stream => stream.Write(new byte[] { 2 }));
        Assert.False(File.Exists(live));
    }

    private static void Corrupt(string path, Damage damage)
    {
        byte[] bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case Damage.FlippedBit:
                bytes[bytes.Length / 2] ^= 0x10; // inside the tensors
                File.WriteAllBytes(path, bytes);
                break;
            case Damage.TrailingBytes:
                File.WriteAllBytes(path, bytes.Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray());
                break;
            case Damage.Truncated:
                File.WriteAllBytes(path, bytes[..^7]);
                break;
        }
    }
}
