using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace ModelDsl.Numpy;

/// <summary>
/// A numpy <c>.npz</c> archive (<c>np.savez</c> / <c>np.savez_compressed</c>): a zip file of <c>.npy</c> members,
/// stored or deflated, read safely with <see cref="NpyFile"/>'s rules (no arbitrary unpickling).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Load"/> reads only the zip's directory, and checks the sizes every <c>name.npy</c> member declares
/// against the bytes the file holds: no more compressed bytes than the whole file, no more uncompressed bytes than
/// deflate can expand them to (1032 to 1). A member's bytes are read and parsed the first time it is asked for, as
/// <c>name</c>, as with <c>np.load(path)[name]</c>: its <c>.npy</c> header is checked as soon as it arrives, a
/// numeric array is read only to the size that header declares, memory grows only with the bytes really read, and
/// the CRC-32 the archive records is checked. So a member that is never asked for costs nothing, however large it
/// would expand, and an unsupported one does no harm. Members whose names do not end in <c>.npy</c> are ignored, as
/// Keras's dataset loader does.
/// </para>
/// <para>
/// The file is opened again for each member read; a member that no longer matches the directory read by
/// <see cref="Load"/> (the file was replaced) is refused. Safe to use from several threads.
/// </para>
/// </remarks>
public sealed class NpzFile
{
    private const string Suffix = ".npy";
    private readonly Dictionary<string, NpzMember> _members;

    private NpzFile(string path, Dictionary<string, NpzMember> members, List<string> names)
    {
        Path = path;
        _members = members;
        Names = new ReadOnlyCollection<string>(names);
    }

    /// <summary>The full path of the archive.</summary>
    public string Path { get; }

    /// <summary>The array names (member names without <c>.npy</c>), in archive order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Reads the directory of the archive at <paramref name="path"/> and checks the sizes its <c>.npy</c> members
    /// declare; the members themselves are read when <see cref="Get"/> asks for them.
    /// </summary>
    /// <param name="path">The <c>.npz</c> file.</param>
    /// <returns>The archive, whose arrays <see cref="Get"/> reads and parses.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid zip (truncated, corrupt), two members have the same name, or a member declares more
    /// bytes than the file can hold; the message names the file, the member and the limit.
    /// </exception>
    public static NpzFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"numpy archive not found: {fullPath}", fullPath);
        }

        var members = new Dictionary<string, NpzMember>(StringComparer.Ordinal);
        var names = new List<string>();
        using ZipArchive archive = Open(fullPath, out long fileLength);
        foreach (ZipArchiveEntry entry in Directory(archive, fullPath))
        {
            if (!entry.FullName.EndsWith(Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            string name = entry.FullName.Substring(0, entry.FullName.Length - Suffix.Length);
            string source = $"{fullPath} (member {entry.FullName})";
            if (members.ContainsKey(name))
            {
                throw new InvalidDataException($"{source}: the archive has two members named {entry.FullName}.");
            }

            NpzMemberLimits.CheckDeclaredSizes(entry, fileLength, source);
            members.Add(name, new NpzMember(fullPath, entry, source));
            names.Add(name);
        }

        return new NpzFile(fullPath, members, names);
    }

    /// <summary>Whether the archive has an array named <paramref name="name"/> (a member <c>name.npy</c>).</summary>
    /// <param name="name">The array name, without <c>.npy</c>.</param>
    /// <returns><c>true</c> when it is there.</returns>
    public bool Contains(string name) => _members.ContainsKey(name);

    /// <summary>The array named <paramref name="name"/> (the member <c>name.npy</c>), read from the file on the first call.</summary>
    /// <param name="name">The array name, without <c>.npy</c>; for example <c>x_train</c>.</param>
    /// <returns>The array (read and parsed on the first call, then the same instance).</returns>
    /// <exception cref="InvalidDataException">
    /// The archive has no such member (the message names the file and lists the members it has), the member cannot
    /// be read (truncated or corrupt, or changed since <see cref="Load"/>), or it is not a valid <c>.npy</c> — bad
    /// magic, an unsupported version or dtype, truncated data, or a pickle other than an object array of int lists
    /// (see <see cref="NpyFile"/>); the message names the file, the member and what was expected.
    /// </exception>
    public NpyArray Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_members.TryGetValue(name, out NpzMember? member))
        {
            return member.Array;
        }

        string found = Names.Count == 0 ? "no .npy members" : "the members " + string.Join(", ", Names.Select(n => n + Suffix));
        throw new InvalidDataException($"{Path}: the archive has no member {name}{Suffix}; it has {found}.");
    }

    /// <summary>The entries of <paramref name="archive"/>: its central directory, read on first use.</summary>
    internal static IReadOnlyCollection<ZipArchiveEntry> Directory(ZipArchive archive, string fullPath)
    {
        try
        {
            return archive.Entries;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{fullPath}: not a valid .npz (zip) archive; its central directory is corrupt ({e.Message}).", e);
        }
    }

    /// <summary>Opens the zip at <paramref name="fullPath"/>; the archive owns the file stream.</summary>
    internal static ZipArchive Open(string fullPath, out long fileLength)
    {
        var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            fileLength = file.Length;
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new InvalidDataException($"{fullPath}: not a valid .npz (zip) archive; it may be truncated or corrupt ({e.Message}).", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
