using System;
using System.Collections.Generic;
using System.IO;
using ModelDsl.Saving;

namespace ModelDsl.Cli;

/// <summary>
/// A run folder as <c>evaluate</c> and <c>predict</c> read it: its <c>manifest.json</c> and the files it names, each
/// opened only once its bytes match the manifest, so a reader never mixes files of two runs. <see cref="RunFolderWriter"/>
/// writes it.
/// </summary>
internal sealed class RunFolder
{
    private RunFolder(string directory, RunManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    /// <summary>The run folder's full path.</summary>
    public string Directory { get; }

    public RunManifest Manifest { get; }

    /// <summary>Reads the manifest of the run in <paramref name="directory"/>.</summary>
    /// <exception cref="CommandLineException">There is no run (no folder, or no manifest: a folder written before run
    /// folders had one, or by a <c>train</c> killed before its first commit).</exception>
    /// <exception cref="InvalidDataException">The manifest is not one <c>train</c> wrote.</exception>
    public static RunFolder Open(string directory)
    {
        string full = Path.GetFullPath(directory);
        string manifest = Path.Combine(full, RunManifest.FileName);
        if (!File.Exists(manifest))
        {
            string problem = !System.IO.Directory.Exists(full)
                ? "the folder does not exist"
                : File.Exists(Path.Combine(full, TextRunFiles.ModelFile)) || File.Exists(Path.Combine(full, TextRunFiles.LegacyWeightsFile))
                    ? $"{RunManifest.FileName} is missing there (written by an older ModelDsl, or by a 'train' that did not finish; re-train to use it)"
                    : $"{RunManifest.FileName} is missing there";
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                $"no trained model in {full}: {problem} (train one with 'train --data <file> --out {full}', or point --model at a run folder).");
        }

        return new RunFolder(full, RunManifest.Load(manifest));
    }

    /// <summary>Whether the file at <paramref name="path"/> exists and holds exactly the bytes <paramref name="entry"/> names.</summary>
    public static bool Matches(string path, ContentEntry entry)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Matches(stream, entry);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens the run's file <paramref name="name"/> at its first byte, having checked that its bytes are the ones the
    /// manifest names. Read the returned stream, not the path: the file at the path may be replaced meanwhile.
    /// </summary>
    /// <exception cref="InvalidDataException">The manifest does not list the file, or the file is missing or holds other
    /// bytes (it belongs to another run, or was changed); the message names it.</exception>
    public FileStream OpenVerified(string name)
    {
        string target = Path.Combine(Directory, name);
        string manifestPath = Path.Combine(Directory, RunManifest.FileName);
        ContentEntry entry = Manifest.Find(name)
            ?? throw new InvalidDataException($"{target}: not part of the run ({manifestPath} does not list it; re-train to write it).");

        // A commit killed after writing the manifest may have left the file in staging; a commit running now may move
        // it from staging to the target between two looks, hence the second look at the target.
        string staged = Path.Combine(Directory, Manifest.Staging, name);
        bool found = false;
        foreach (string path in new[] { target, staged, target })
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                continue;
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                throw new IOException($"{path} cannot be read ({ex.Message.TrimEnd('.')}); re-train, or restore the run's files together.", ex);
            }

            found = true;
            if (Matches(stream, entry))
            {
                stream.Position = 0;
                return stream;
            }

            stream.Dispose();
        }

        throw new InvalidDataException(found
            ? $"{target} does not match {manifestPath} (its SHA-256 differs: it belongs to another run, or was changed or damaged after training); re-train, or restore the run's files together."
            : $"{target} is missing ({manifestPath} lists it); re-train, or restore the run's files together.");
    }

    /// <summary>The text of the run's UTF-8 file <paramref name="name"/>, checked against the manifest.</summary>
    public string ReadVerifiedText(string name)
    {
        using FileStream stream = OpenVerified(name);
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        return reader.ReadToEnd();
    }

    private static bool Matches(FileStream stream, ContentEntry entry) =>
        stream.Length == entry.Bytes && string.Equals(ContentEntry.HashOf(stream), entry.Sha256, StringComparison.Ordinal);
}
