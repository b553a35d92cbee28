using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ModelDsl.Saving;
using ModelDsl.Training;

namespace ModelDsl.Cli;

/// <summary>
/// Writes a new run into a run folder so that a process killed at any moment leaves the previous run or the new one,
/// never a mix. The new files go to a staging folder inside the run folder (<c>.staging-&lt;id&gt;</c>), where the
/// previous run's files are untouched. <see cref="Commit"/> then writes <c>manifest.json</c> naming them (the moment the
/// new run replaces the old), moves each staged file over its final name, deletes the previous run's files the new one
/// does not have, and removes the staging folder.
/// </summary>
/// <remarks>
/// Killed after the manifest but before every file was moved, the folder holds the new run with some files still in
/// staging: <see cref="RunFolder"/> reads each from wherever its bytes match the manifest, and the next write finishes
/// the moves. Staging folders and temporary files of killed writes are deleted by the next write; one a live writer
/// holds (its lock file open) is left alone.
/// </remarks>
internal sealed class RunFolderWriter : IDisposable
{
    /// <summary>The start of a staging folder's name.</summary>
    public const string StagingPrefix = ".staging-";

    /// <summary>The file a writer holds open in its staging folder, and in the run folder while committing.</summary>
    public const string LockFile = ".lock";

    private static readonly TimeSpan CommitLockTimeout = TimeSpan.FromSeconds(30);

    private readonly IReadOnlySet<string> _ownedNames;
    private FileStream? _stagingLock;
    private bool _committed;

    private RunFolderWriter(string directory, string stagingName, FileStream stagingLock, IReadOnlySet<string> ownedNames)
    {
        Directory = directory;
        StagingName = stagingName;
        _stagingLock = stagingLock;
        _ownedNames = ownedNames;
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>The staging folder's name inside <see cref="Directory"/>.</summary>
    public string StagingName { get; }

    /// <summary>Where the files of the new run are written until <see cref="Commit"/>.</summary>
    public string StagingDirectory => Path.Combine(Directory, StagingName);

    /// <summary>
    /// Called with the name of each step of <see cref="Commit"/> before it is taken, so a test can stop a commit at any
    /// step the way a kill would (by throwing, then <see cref="Abandon"/>).
    /// </summary>
    internal Action<string>? BeforeCommitStep { get; set; }

    /// <summary>
    /// Starts writing a run into <paramref name="directory"/> (created when missing): finishes a commit a killed writer
    /// left half done, deletes what killed writers left behind, and makes a new staging folder.
    /// </summary>
    /// <param name="directory">The run folder.</param>
    /// <param name="ownedNames">The names of the files a run may hold: those the new run does not write are deleted at commit.</param>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public static RunFolderWriter Begin(string directory, IEnumerable<string> ownedNames)
    {
        string full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        using (AcquireCommitLock(full))
        {
            FinishInterruptedCommit(full);
            DeleteLeftovers(full);
        }

        string stagingName = StagingPrefix + Guid.NewGuid().ToString("N");
        string staging = Path.Combine(full, stagingName);
        System.IO.Directory.CreateDirectory(staging);
        var stagingLock = new FileStream(Path.Combine(staging, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        return new RunFolderWriter(full, stagingName, stagingLock, new HashSet<string>(ownedNames, StringComparer.Ordinal));
    }

    /// <summary>The staging path of the run file <paramref name="name"/>, to write it to before <see cref="Commit"/>.</summary>
    public string PathOf(string name) => Path.Combine(StagingDirectory, name);

    /// <summary>
    /// Makes the staged files the run: writes the manifest (with <paramref name="model"/> and its
    /// <paramref name="layers"/>), then moves the files into place.
    /// </summary>
    public void Commit(string model, IReadOnlyList<string> layers)
    {
        ObjectDisposedException.ThrowIf(_stagingLock is null, this);
        var files = new List<ContentEntry>();
        foreach (string path in System.IO.Directory.EnumerateFiles(StagingDirectory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith('.'))
            {
                continue; // the lock file, and temporaries of a failed write
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            files.Add(new ContentEntry(name, stream.Length, ContentEntry.HashOf(stream)));
        }

        var manifest = new RunManifest(model, layers, StagingName, files);
        using (AcquireCommitLock(Directory))
        {
            RunManifest? previous = TryLoad(Path.Combine(Directory, RunManifest.FileName));
            Step("write " + RunManifest.FileName);
            byte[] json = manifest.ToJson();
            AtomicFile.Write(Path.Combine(Directory, RunManifest.FileName), stream => stream.Write(json));
            _committed = true;

            foreach (var file in files)
            {
                Step("move " + file.Name);
                File.Move(PathOf(file.Name), Path.Combine(Directory, file.Name), overwrite: true);
            }

            var obsolete = _ownedNames.Concat(previous?.Files.Select(f => f.Name) ?? Enumerable.Empty<string>())
                .Distinct(StringComparer.Ordinal)
                .Where(name => manifest.Find(name) is null)
                .Order(StringComparer.Ordinal);
            foreach (string name in obsolete)
            {
                Step("delete " + name);
                File.Delete(Path.Combine(Directory, name));
            }

            Step("remove " + StagingName);
            RemoveStaging();
        }
    }

    /// <summary>Stops without cleaning up, as a killed process would: the staging folder stays, unlocked.</summary>
    internal void Abandon()
    {
        _stagingLock?.Dispose();
        _stagingLock = null;
    }

    /// <summary>Deletes the staging folder of a run that was not committed (training failed or was abandoned).</summary>
    public void Dispose()
    {
        if (_stagingLock is null)
        {
            return;
        }

        if (_committed)
        {
            _stagingLock.Dispose();
            _stagingLock = null;
            return;
        }

        RemoveStaging();
    }

    private void Step(string name) => BeforeCommitStep?.Invoke(name);

    private void RemoveStaging()
    {
        _stagingLock?.Dispose();
        _stagingLock = null;
        TryDeleteDirectory(StagingDirectory);
    }

    /// <summary>
    /// Moves into place the staged files of a manifest whose commit was killed before every file was moved (the run
    /// folder then already is that run: readers read the staged copies).
    /// </summary>
    private static void FinishInterruptedCommit(string directory)
    {
        if (TryLoad(Path.Combine(directory, RunManifest.FileName)) is not { } manifest)
        {
            return;
        }

        string staging = Path.Combine(directory, manifest.Staging);
        if (!System.IO.Directory.Exists(staging))
        {
            return;
        }

        foreach (var file in manifest.Files)
        {
            string staged = Path.Combine(staging, file.Name);
            string target = Path.Combine(directory, file.Name);
            if (!RunFolder.Matches(target, file) && RunFolder.Matches(staged, file))
            {
                File.Move(staged, target, overwrite: true);
            }
        }
    }

    /// <summary>Deletes the staging folders and temporary files of killed writers (not those a live writer holds).</summary>
    private static void DeleteLeftovers(string directory)
    {
        foreach (string staging in System.IO.Directory.EnumerateDirectories(directory, StagingPrefix + "*"))
        {
            string lockPath = Path.Combine(staging, LockFile);
            try
            {
                // A live writer holds its lock file without sharing; a killed one's can be taken.
                using var claim = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            TryDeleteDirectory(staging);
        }

        foreach (string temporary in System.IO.Directory.EnumerateFiles(directory, ".*" + AtomicFile.TemporarySuffix))
        {
            AtomicFile.DeleteUnlessInUse(temporary);
        }
    }

    /// <summary>Serializes commits (and their clean-up) of concurrent writers into one folder.</summary>
    private static FileStream AcquireCommitLock(string directory)
    {
        string path = Path.Combine(directory, LockFile);
        DateTime deadline = DateTime.UtcNow + CommitLockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                Thread.Sleep(50);
            }
        }
    }

    private static RunManifest? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? RunManifest.Load(path) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the next write deletes it.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
