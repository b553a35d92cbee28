// One file on purpose (632 lines): RoslynCodeTaskFactory compiles an inline task from a single Source file.
// Inline MSBuild task, compiled by RoslynCodeTaskFactory from ModelDsl.targets (see docs/native-libtorch.md).
// Only netstandard APIs plus Microsoft.Build.Framework / Microsoft.Build.Utilities.Core are available here.
//
// TorchSharp's libLibTorchSharp.so was linked against a libstdc++ that defines GLIBCXX_3.4.32 (GCC 13), so
// its .gnu.version_r says "I need GLIBCXX_3.4.32 from libstdc++.so.6". The only symbol bound to that
// version is std::ios_base_library_init(), a marker the GCC 13 headers reference so that the linker pulls
// in the iostream initialisation; nothing relocates against it at run time. On systems whose libstdc++
// stops at an older version the dynamic loader still refuses the library because of that one need. This
// task marks such a need VER_FLG_WEAK in the copy inside the build output, which makes the loader accept a
// missing version, but only when every symbol bound to the version is a known link-time marker.

#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// For each libLibTorchSharp.so given, makes version needs on libstdc++.so.6 that the build machine's
/// libstdc++ cannot satisfy weak, provided only link-time marker symbols are bound to them.
/// </summary>
public class WeakenLibStdCxxVersionNeed : Task
{
    private const string LibStdCxxSoName = "libstdc++.so.6";
    private const string OptOutProperty = "ModelDslPatchLibTorchSharp";

    // Symbols that exist only so the linker records a dependency; they carry no relocation, so a missing
    // definition can never be looked up at run time. Anything else bound to a missing version is fatal.
    private static readonly HashSet<string> LinkTimeMarkers = new HashSet<string>(StringComparer.Ordinal)
    {
        "_ZSt21ios_base_library_initv", // std::ios_base_library_init(), GLIBCXX_3.4.32 (GCC 13)
    };

    private static readonly string[] LibStdCxxDirectories =
    {
        "/usr/lib/x86_64-linux-gnu",
        "/lib/x86_64-linux-gnu",
        "/usr/lib64",
        "/lib64",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
    };

    /// <summary>The libLibTorchSharp.so copies to check (files in the build or publish output).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Optional: the libstdc++.so.6 to compare against instead of searching the usual directories.</summary>
    public string LibStdCxxPath { get; set; } = string.Empty;

    /// <summary>The files this run rewrote.</summary>
    [Output]
    public ITaskItem[] PatchedFiles { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var patched = new List<ITaskItem>();
        var systemLibraries = new Dictionary<ushort, SystemLibrary>();

        foreach (var item in Files)
        {
            string path = Path.GetFullPath(item.ItemSpec);
            try
            {
                if (ProcessFile(path, systemLibraries))
                {
                    patched.Add(new TaskItem(path));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                Log.LogWarning(null, "MDSL0903", null, path, 0, 0, 0, 0,
                    "ModelDsl could not check the libstdc++ version needs of '{0}': {1} The file was left as it is; "
                    + "if TorchSharp fails to load it, see docs/native-libtorch.md.", path, ex.Message);
            }
        }

        PatchedFiles = patched.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>Checks one file; returns whether it was rewritten.</summary>
    private bool ProcessFile(string path, Dictionary<ushort, SystemLibrary> systemLibraries)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ElfImage image = ElfImage.Parse(bytes);

        List<VersionNeed> needs = image.ReadVersionNeeds()
            .Where(n => string.Equals(n.FileName, LibStdCxxSoName, StringComparison.Ordinal))
            .ToList();
        if (needs.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low, "{0}: needs no versions from {1}; nothing to check.", path, LibStdCxxSoName);
            return false;
        }

        SystemLibrary? system;
        if (!systemLibraries.TryGetValue(image.Machine, out system))
        {
            system = FindSystemLibStdCxx(image.Machine);
            systemLibraries[image.Machine] = system;
        }

        if (system.Path == null)
        {
            Log.LogWarning(null, "MDSL0902", null, path, 0, 0, 0, 0,
                "ModelDsl skipped the libstdc++ compatibility check of '{0}': {1} If the program later fails "
                + "to load libLibTorchSharp.so, see docs/native-libtorch.md.", path, system.Problem);
            return false;
        }

        List<VersionNeed> missing = needs.Where(n => !system.Versions.Contains(n.VersionName)).ToList();
        if (missing.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low,
                "{0}: every version it needs from {1} ({2}) is defined by {3}; left unchanged.",
                path, LibStdCxxSoName, needs.Count, system.Path);
            return false;
        }

        Dictionary<int, List<string>> symbolsByVersion = image.ReadSymbolsByVersionIndex();
        var blockers = new List<string>();
        foreach (VersionNeed need in missing)
        {
            List<string>? bound;
            List<string> symbols = symbolsByVersion.TryGetValue(need.VersionIndex, out bound) && bound != null
                ? bound
                : new List<string>();

            List<string> real = symbols.Where(s => !LinkTimeMarkers.Contains(s)).Distinct().ToList();
            if (real.Count > 0)
            {
                const int shown = 8;
                string list = string.Join(", ", real.Take(shown));
                if (real.Count > shown)
                {
                    list += string.Format(" and {0} more", real.Count - shown);
                }

                blockers.Add(string.Format("{0} (used by {1})", need.VersionName, list));
            }
        }

        string missingNames = string.Join(", ", missing.Select(n => n.VersionName));
        if (blockers.Count > 0)
        {
            Log.LogError(null, "MDSL0901", null, path, 0, 0, 0, 0,
                "'{0}' needs version{1} {2} of {3}, which {4} does not define, and symbols other than link-time "
                + "markers are bound to {5}: {6}. The dynamic loader would refuse the library with \"version ... not "
                + "found\". ModelDsl only weakens needs that carry nothing but link-time markers, so it cannot fix "
                + "this. Install a libstdc++ from a newer GCC (GLIBCXX_3.4.32 first shipped with GCC 13; later "
                + "versions need a later GCC), or set the MSBuild property {7}=false to skip this check (TorchSharp "
                + "will then fail to load on this machine).",
                path, missing.Count == 1 ? string.Empty : "s", missingNames, LibStdCxxSoName, system.Path,
                blockers.Count == 1 ? "it" : "them", string.Join("; ", blockers), OptOutProperty);
            return false;
        }

        List<VersionNeed> toWeaken = missing.Where(n => !n.IsWeak).ToList();
        if (toWeaken.Count == 0)
        {
            Log.LogMessage(MessageImportance.Low,
                "{0}: {1} (missing from {2}) already marked weak; left unchanged.", path, missingNames, system.Path);
            return false;
        }

        foreach (VersionNeed need in toWeaken)
        {
            ushort flags = (ushort)(need.Flags | ElfImage.VerFlagWeak);
            bytes[need.FlagsOffset] = (byte)flags;
            bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);
        }

        ReplaceAtomically(path, bytes);

        string weakened = string.Join(", ", toWeaken.Select(n => n.VersionName));
        Log.LogMessage(MessageImportance.Normal,
            "ModelDsl: marked the {0} need{1} of '{2}' weak: {3} does not define {4}, and the only symbols bound "
            + "to it are link-time markers ({5}) that nothing relocates against, so the library loads without it. "
            + "The NuGet cache copy is untouched. Opt out with {6}=false.",
            weakened, toWeaken.Count == 1 ? string.Empty : "s", path, system.Path,
            toWeaken.Count == 1 ? "it" : "them", string.Join(", ", LinkTimeMarkers), OptOutProperty);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> to a new file beside <paramref name="path"/> and renames it over the
    /// original. The output copy is usually a hard link into the NuGet cache; writing in place would change
    /// the cache too, while a rename only replaces this directory entry. Mode and last-write time are copied
    /// so that MSBuild's SkipUnchangedFiles (size + timestamp) sees the file as up to date next time.
    /// </summary>
    private static void ReplaceAtomically(string path, byte[] bytes)
    {
        string directory = Path.GetDirectoryName(path) ?? ".";
        string temp = Path.Combine(directory,
            "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        DateTime lastWrite = File.GetLastWriteTimeUtc(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }

            CopyUnixFileMode(path, temp);
            File.SetLastWriteTimeUtc(temp, lastWrite);
            File.Replace(temp, path, null);
        }
        finally
        {
            if (File.Exists(temp))
            {
                try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>
    /// File.GetUnixFileMode/SetUnixFileMode are not in netstandard, but the MSBuild that runs this task on
    /// Linux is a .NET 7+ process, so they are reached through reflection.
    /// </summary>
    private static void CopyUnixFileMode(string from, string to)
    {
        MethodInfo? get = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        if (get == null)
        {
            throw new IOException("cannot read the Unix file mode on this MSBuild runtime.");
        }

        MethodInfo? set = typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), get.ReturnType });
        if (set == null)
        {
            throw new IOException("cannot set the Unix file mode on this MSBuild runtime.");
        }

        object? mode = get.Invoke(null, new object[] { from });
        set.Invoke(null, new[] { to, mode });
    }

    private SystemLibrary FindSystemLibStdCxx(ushort machine)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(LibStdCxxPath))
        {
            candidates.Add(LibStdCxxPath);
        }
        else
        {
            candidates.AddRange(LibStdCxxDirectories.Select(d => Path.Combine(d, LibStdCxxSoName)));
        }

        var rejected = new List<string>();
        foreach (string candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            try
            {
                byte[] bytes = File.ReadAllBytes(candidate);
                ElfImage image = ElfImage.Parse(bytes);
                if (image.Machine != machine)
                {
                    // e.g. /usr/lib64 of another architecture, or cross-building: not what the loader would use.
                    rejected.Add(candidate + " (other architecture)");
                    continue;
                }

                HashSet<string> versions = image.ReadVersionDefinitions();
                Log.LogMessage(MessageImportance.Low, "Comparing against {0} ({1} version definitions).", candidate, versions.Count);
                return new SystemLibrary(candidate, versions, null);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                rejected.Add(candidate + " (" + ex.Message + ")");
            }
        }

        string problem = rejected.Count == 0
            ? string.Format("no {0} was found in {1}.", LibStdCxxSoName,
                string.IsNullOrEmpty(LibStdCxxPath) ? string.Join(", ", LibStdCxxDirectories) : LibStdCxxPath)
            : string.Format("no usable {0} was found (looked at {1}).", LibStdCxxSoName, string.Join(", ", rejected));
        return new SystemLibrary(null, new HashSet<string>(StringComparer.Ordinal), problem);
    }

    private sealed class SystemLibrary
    {
        public SystemLibrary(string? path, HashSet<string> versions, string? problem)
        {
            Path = path;
            Versions = versions;
            Problem = problem;
        }

        public string? Path { get; }

        public HashSet<string> Versions { get; }

        public string? Problem { get; }
    }
}

/// <summary>One Vernaux entry: a version the object needs from one of its DT_NEEDED libraries.</summary>
internal sealed class VersionNeed
{
    public VersionNeed(string fileName, string versionName, int versionIndex, ushort flags, int flagsOffset)
    {
        FileName = fileName;
        VersionName = versionName;
        VersionIndex = versionIndex;
        Flags = flags;
        FlagsOffset = flagsOffset;
    }

    /// <summary>vn_file: the soname the version is needed from.</summary>
    public string FileName { get; }

    /// <summary>vna_name, e.g. GLIBCXX_3.4.32.</summary>
    public string VersionName { get; }

    /// <summary>vna_other: the index .gnu.version uses for symbols bound to this version.</summary>
    public int VersionIndex { get; }

    /// <summary>vna_flags.</summary>
    public ushort Flags { get; }

    /// <summary>File offset of vna_flags (two bytes, little-endian).</summary>
    public int FlagsOffset { get; }

    public bool IsWeak => (Flags & ElfImage.VerFlagWeak) != 0;
}

/// <summary>Just enough of an ELF64 little-endian reader for symbol versioning, driven by section headers.</summary>
internal sealed class ElfImage
{
    public const ushort VerFlagWeak = 0x2;

    private const uint ShtDynSym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    private readonly byte[] _data;
    private readonly List<Section> _sections;

    private ElfImage(byte[] data, ushort machine, List<Section> sections)
    {
        _data = data;
        Machine = machine;
        _sections = sections;
    }

    /// <summary>e_machine (62 = x86-64, 183 = AArch64).</summary>
    public ushort Machine { get; }

    public static ElfImage Parse(byte[] data)
    {
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file.");
        }

        if (data[4] != 2 || data[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file.");
        }

        var reader = new Reader(data);
        ushort machine = reader.U16(0x12);
        long shoff = checked((long)reader.U64(0x28));
        ushort shentsize = reader.U16(0x3a);
        int shnum = reader.U16(0x3c);
        if (shoff == 0)
        {
            throw new InvalidDataException("the file has no section headers.");
        }

        if (shentsize < 64)
        {
            throw new InvalidDataException("unexpected section header size " + shentsize + ".");
        }

        if (shnum == 0)
        {
            // More than 0xff00 sections: the real count is in section 0's sh_size.
            shnum = checked((int)reader.U64(shoff + 32));
        }

        var sections = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long header = shoff + (long)i * shentsize;
            sections.Add(new Section(
                type: reader.U32(header + 4),
                offset: checked((long)reader.U64(header + 24)),
                size: checked((long)reader.U64(header + 32)),
                link: reader.U32(header + 40),
                info: reader.U32(header + 44),
                entrySize: checked((long)reader.U64(header + 56))));
        }

        return new ElfImage(data, machine, sections);
    }

    /// <summary>Every Vernaux of .gnu.version_r, with the file it is needed from.</summary>
    public List<VersionNeed> ReadVersionNeeds()
    {
        var needs = new List<VersionNeed>();
        var reader = new Reader(_data);
        foreach (Section section in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            Section strings = LinkedSection(section);
            long entry = section.Offset;
            long end = section.Offset + section.Size;
            // sh_info holds the number of Verneed entries; vn_next == 0 also ends the chain.
            for (uint i = 0; i < section.Info && entry + 16 <= end; i++)
            {
                ushort count = reader.U16(entry + 2);
                string file = reader.CString(strings, reader.U32(entry + 4));
                long aux = entry + reader.U32(entry + 8);
                for (int j = 0; j < count; j++)
                {
                    if (aux < section.Offset || aux + 16 > end)
                    {
                        throw new InvalidDataException("a Vernaux entry lies outside .gnu.version_r.");
                    }

                    needs.Add(new VersionNeed(
                        fileName: file,
                        versionName: reader.CString(strings, reader.U32(aux + 8)),
                        versionIndex: reader.U16(aux + 6) & 0x7fff,
                        flags: reader.U16(aux + 4),
                        flagsOffset: checked((int)(aux + 4))));
                    uint nextAux = reader.U32(aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = reader.U32(entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        return needs;
    }

    /// <summary>The names .gnu.version_d defines (the first Verdaux of each Verdef, base entry included).</summary>
    public HashSet<string> ReadVersionDefinitions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Reader(_data);
        foreach (Section section in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            Section strings = LinkedSection(section);
            long entry = section.Offset;
            long end = section.Offset + section.Size;
            for (uint i = 0; i < section.Info && entry + 20 <= end; i++)
            {
                ushort count = reader.U16(entry + 6);
                long aux = entry + reader.U32(entry + 12);
                if (count > 0)
                {
                    if (aux < section.Offset || aux + 8 > end)
                    {
                        throw new InvalidDataException("a Verdaux entry lies outside .gnu.version_d.");
                    }

                    names.Add(reader.CString(strings, reader.U32(aux)));
                }

                uint next = reader.U32(entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += next;
            }
        }

        if (names.Count == 0)
        {
            throw new InvalidDataException("the library has no .gnu.version_d section.");
        }

        return names;
    }

    /// <summary>Names of the .dynsym symbols grouped by their .gnu.version index (hidden bit removed).</summary>
    public Dictionary<int, List<string>> ReadSymbolsByVersionIndex()
    {
        var result = new Dictionary<int, List<string>>();
        Section? versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        Section? dynsym = _sections.FirstOrDefault(s => s.Type == ShtDynSym);
        if (versym == null || dynsym == null)
        {
            throw new InvalidDataException("the file has no .gnu.version or .dynsym section.");
        }

        Section strings = LinkedSection(dynsym);
        var reader = new Reader(_data);
        long entrySize = dynsym.EntrySize == 0 ? 24 : dynsym.EntrySize;
        long count = Math.Min(dynsym.Size / entrySize, versym.Size / 2);
        for (long i = 0; i < count; i++)
        {
            int index = reader.U16(versym.Offset + i * 2) & 0x7fff;
            if (index < 2)
            {
                continue; // 0 = local, 1 = global/unversioned
            }

            string name = reader.CString(strings, reader.U32(dynsym.Offset + i * entrySize));
            List<string>? names;
            if (!result.TryGetValue(index, out names) || names == null)
            {
                names = new List<string>();
                result.Add(index, names);
            }

            names.Add(name);
        }

        return result;
    }

    private Section LinkedSection(Section section)
    {
        if (section.Link >= _sections.Count)
        {
            throw new InvalidDataException("a section links to a string table that does not exist.");
        }

        return _sections[(int)section.Link];
    }

    private sealed class Section
    {
        public Section(uint type, long offset, long size, uint link, uint info, long entrySize)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
            EntrySize = entrySize;
        }

        public uint Type { get; }

        public long Offset { get; }

        public long Size { get; }

        public uint Link { get; }

        public uint Info { get; }

        public long EntrySize { get; }
    }

    /// <summary>Bounds-checked little-endian reads independent of the host's byte order.</summary>
    private readonly struct Reader
    {
        private readonly byte[] _data;

        public Reader(byte[] data)
        {
            _data = data;
        }

        public ushort U16(long offset)
        {
            Check(offset, 2);
            return (ushort)(_data[offset] | (_data[offset + 1] << 8));
        }

        public uint U32(long offset)
        {
            Check(offset, 4);
            return _data[offset] | ((uint)_data[offset + 1] << 8) | ((uint)_data[offset + 2] << 16) | ((uint)_data[offset + 3] << 24);
        }

        public ulong U64(long offset)
        {
            return U32(offset) | ((ulong)U32(offset + 4) << 32);
        }

        public string CString(Section table, uint nameOffset)
        {
            if (nameOffset >= table.Size)
            {
                throw new InvalidDataException("a name lies outside its string table.");
            }

            long start = table.Offset + nameOffset;
            long limit = table.Offset + table.Size;
            Check(start, 1);
            long end = start;
            while (end < limit && end < _data.Length && _data[end] != 0)
            {
                end++;
            }

            return Encoding.UTF8.GetString(_data, checked((int)start), checked((int)(end - start)));
        }

        private void Check(long offset, int length)
        {
            if (offset < 0 || offset + length > _data.Length)
            {
                throw new InvalidDataException("the file is truncated or malformed.");
            }
        }
    }
}
