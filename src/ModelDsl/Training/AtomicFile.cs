using System;
using System.IO;

namespace ModelDsl.Training;

/// <summary>
/// Writes a file so that readers see either the previous file or the complete new one, never a torn one:
/// the content goes to a temporary file in the same directory, is flushed to disk, and then replaces the target
/// with one rename (<see cref="File.Move(string, string, bool)"/>). On failure the temporary file is deleted and the
/// target is left as it was.
/// </summary>
/// <remarks>
/// A process killed while writing cannot delete its temporary file; the next write of the same target deletes the
/// temporary files such a write left (those no live writer holds open: a writer keeps its temporary file locked).
/// </remarks>
public static class AtomicFile
{
    /// <summary>The suffix of temporary files (<c>.name.&lt;random&gt;.tmp</c>, in the target's directory).</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> atomically; its directory is created when missing.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="write">Writes the whole content to the stream it is given (it must not close it).</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        Directory.CreateDirectory(directory);
        DeleteStaleTemporaries(full);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files that writes of <paramref name="target"/> left behind when their process was killed.
    /// A temporary file a live writer holds (it opens it with <see cref="FileShare.None"/>) is left alone.
    /// </summary>
    internal static void DeleteStaleTemporaries(string target)
    {
        var directory = Path.GetDirectoryName(target);
        if (directory is null || !Directory.Exists(directory))
        {
            return;
        }

        string prefix = "." + Path.GetFileName(target) + ".";
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "*" + TemporarySuffix))
        {
            // Only this writer's own pattern: the prefix, 32 hex digits, the suffix.
            string name = Path.GetFileName(file);
            if (name.Length == prefix.Length + 32 + TemporarySuffix.Length && IsHex(name.AsSpan(prefix.Length, 32)))
            {
                DeleteUnlessInUse(file);
            }
        }
    }

    /// <summary>Deletes <paramref name="file"/> unless another handle holds it open without sharing (a live writer).</summary>
    internal static void DeleteUnlessInUse(string file)
    {
        try
        {
            // Taking the file without sharing fails while a writer holds it; DeleteOnClose then removes it.
            using var claim = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            // In use, or already gone.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to delete.
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one that matters.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
