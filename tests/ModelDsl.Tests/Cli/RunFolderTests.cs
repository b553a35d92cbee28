using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ModelDsl.Cli;
using ModelDsl.Tests.Training;
using ModelDsl.Training;
using Xunit;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// The run-folder protocol train, evaluate and predict share: a run killed at any moment leaves the previous run or
/// the new one, never a mix; files of another run are refused by name; what killed writers left is cleaned up.
/// A "kill" is simulated by throwing out of the writer's step seam and abandoning it without clean-up.
/// </summary>
public sealed class RunFolderTests : IDisposable
{
    private static readonly string[] Owned = { "model.mdsl", "best.ckpt", "history.csv", "test.json" };
    private static readonly string[] Layers = { "dense.weight [1, 8] float32", "dense.bias [1] float32" };

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Run => _directory.File("run");

    public static IEnumerable<object[]> CommitSteps()
    {
        // The steps of committing run "new" over run "old" (which has a test.json the new run lacks).
        using var directory = new TempDirectory();
        string run = directory.File("run");
        Write(run, "old", withTestResults: true);
        var steps = new List<string>();
        Write(run, "new", withTestResults: false, writer => writer.BeforeCommitStep = steps.Add);
        return steps.Select(step => new object[] { step });
    }

    [Fact]
    public void CommitSteps_AreTheManifestThenEachMoveThenTheCleanUp()
    {
        Assert.Equal(
            new[] { "write manifest.json", "move best.ckpt", "move history.csv", "move model.mdsl", "delete test.json" },
            CommitSteps().Select(s => (string)s[0]).Take(5));
        Assert.StartsWith("remove .staging-", (string)CommitSteps().Last()[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CommitSteps))]
    public void KilledBeforeAnyCommitStep_TheFolderReadsAsTheOldRunOrTheNewOne_AndTheNextWriteCompletesIt(string killedBefore)
    {
        Write(Run, "old", withTestResults: true);
        string killedAt = killedBefore.StartsWith("remove ", StringComparison.Ordinal) ? "remove " : killedBefore;

        Assert.Throws<SimulatedKill>(() => Write(Run, "new", withTestResults: false, writer =>
            writer.BeforeCommitStep = step =>
            {
                if (step.StartsWith(killedAt, StringComparison.Ordinal))
                {
                    throw new SimulatedKill();
                }
            }));

        string expected = killedBefore == "write manifest.json" ? "old" : "new";
        AssertReadsAs(expected);

        // The next write finishes the interrupted commit, then cleans up what the kill left.
        RunFolderWriter.Begin(Run, Owned).Dispose();
        AssertReadsAs(expected);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(Run, "model.mdsl")).Split(':')[0]);
        Assert.Empty(Directory.GetDirectories(Run));
        Assert.DoesNotContain(Directory.GetFiles(Run), f => f.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal));
    }

    [Fact]
    public void KilledWhileStaging_TheOldRunIsUntouched()
    {
        Write(Run, "old", withTestResults: true);
        byte[] before = File.ReadAllBytes(Path.Combine(Run, "model.mdsl"));

        var writer = RunFolderWriter.Begin(Run, Owned);
        File.WriteAllText(writer.PathOf("model.mdsl"), "new: weights");
        writer.Abandon(); // killed before best.ckpt was written

        AssertReadsAs("old");
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(Run, "model.mdsl")));
    }

    [Fact]
    public void AFileOfAnotherRun_IsRefusedNamingIt()
    {
        string other = _directory.File("other");
        Write(Run, "one", withTestResults: false);
        Write(other, "two", withTestResults: false);
        File.Copy(Path.Combine(other, "model.mdsl"), Path.Combine(Run, "model.mdsl"), overwrite: true);

        var folder = RunFolder.Open(Run);
        using (folder.OpenVerified("best.ckpt"))
        {
        }

        var error = Assert.Throws<InvalidDataException>(() => folder.OpenVerified("model.mdsl"));
        Assert.Contains($"{Path.Combine(Run, "model.mdsl")} does not match {Path.Combine(Run, "manifest.json")}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_NamesEveryFileWithItsSizeAndSha256_AndTheLayers()
    {
        Write(Run, "one", withTestResults: true);

        var manifest = RunFolder.Open(Run).Manifest;

        Assert.Equal("Model", manifest.Model);
        Assert.Equal(Layers, manifest.Layers);
        Assert.Equal(new[] { "best.ckpt", "history.csv", "model.mdsl", "test.json" }, manifest.Files.Select(f => f.Name));
        var weights = manifest.Find("model.mdsl")!;
        byte[] bytes = File.ReadAllBytes(Path.Combine(Run, "model.mdsl"));
        Assert.Equal(bytes.Length, weights.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), weights.Sha256);
        Assert.Null(manifest.Mismatch("Model", Layers));
        Assert.Contains("tensor 1 is dense.weight [1, 8] float32, where Other has dense.weight [2, 8] float32",
            manifest.Mismatch("Other", new[] { "dense.weight [2, 8] float32", "dense.bias [2] float32" }), StringComparison.Ordinal);
    }

    [Fact]
    public void Begin_DeletesWhatKilledWritersLeft_ButNotALiveWritersStaging()
    {
        Write(Run, "old", withTestResults: false);
        var killed = RunFolderWriter.Begin(Run, Owned);
        File.WriteAllText(killed.PathOf("model.mdsl"), "half");
        killed.Abandon();
        string staleTemporary = Path.Combine(Run, $".model.mdsl.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        File.WriteAllText(staleTemporary, "torn");
        using var live = RunFolderWriter.Begin(Run, Owned);

        using var next = RunFolderWriter.Begin(Run, Owned);

        Assert.False(Directory.Exists(killed.StagingDirectory));
        Assert.False(File.Exists(staleTemporary));
        Assert.True(Directory.Exists(live.StagingDirectory));
        Assert.Equal(2, Directory.GetDirectories(Run).Length); // live's and next's
    }

    [Fact]
    public void AFailedRun_LeavesNoStagingFolder()
    {
        Write(Run, "old", withTestResults: true);

        using (var writer = RunFolderWriter.Begin(Run, Owned))
        {
            File.WriteAllText(writer.PathOf("model.mdsl"), "never committed");
        }

        Assert.Empty(Directory.GetDirectories(Run));
        AssertReadsAs("old");
    }

    /// <summary>Writes a run whose every file reads "<paramref name="run"/>: name".</summary>
    private static void Write(string directory, string run, bool withTestResults, Action<RunFolderWriter>? prepare = null)
    {
        var writer = RunFolderWriter.Begin(directory, Owned);
        prepare?.Invoke(writer);
        try
        {
            foreach (string name in Owned.Where(n => withTestResults || n != "test.json"))
            {
                AtomicFile.Write(writer.PathOf(name), stream => stream.Write(Encoding.UTF8.GetBytes($"{run}: {name}")));
            }

            writer.Commit("Model", Layers);
            writer.Dispose();
        }
        catch (SimulatedKill)
        {
            writer.Abandon();
            throw;
        }
    }

    /// <summary>Every file the manifest lists reads as written by <paramref name="run"/>, none as another run.</summary>
    private void AssertReadsAs(string run)
    {
        var folder = RunFolder.Open(Run);
        Assert.NotEmpty(folder.Manifest.Files);
        foreach (var file in folder.Manifest.Files)
        {
            Assert.Equal($"{run}: {file.Name}", folder.ReadVerifiedText(file.Name));
        }

        Assert.Equal(run == "old", folder.Manifest.Find("test.json") is not null);
    }

    private sealed class SimulatedKill : Exception
    {
    }
}
