using System.IO;
using System.Linq;
using System.IO.Compression;

namespace ModelDsl.Numpy;

/// <summary>
/// One <c>.npy</c> member of an <see cref="NpzFile"/>: where it is and what the zip directory declared for it until
/// it is asked for, then its parsed array.
/// </summary>
internal sealed class NpzMember
{
    private readonly object _gate = new();
    private readonly string _archivePath;
    private readonly string _entryName;
    private readonly long _length;
    private readonly long _compressedLength;
    private readonly uint _crc32;
    private readonly string _source;
    private NpyArray? _array;

    public NpzMember(string archivePath, ZipArchiveEntry entry, string source)
    {
        _archivePath = archivePath;
        _entryName = entry.FullName;
        _length = entry.Length;
        _compressedLength = entry.CompressedLength;
        _crc32 = entry.Crc32;
        _source = source;
    }

    /// <summary>The array: the member is read from the archive and parsed on the first call.</summary>
    public NpyArray Array
    {
        get
        {
            lock (_gate)
            {
                return _array ??= Read();
            }
        }
    }

    private NpyArray Read()
    {
        using ZipArchive archive = NpzFile.Open(_archivePath, out long fileLength);
        ZipArchiveEntry? entry = NpzFile.Directory(archive, _archivePath).FirstOrDefault(e => e.FullName == _entryName);
        if (entry is null || entry.Length != _length || entry.CompressedLength != _compressedLength || entry.Crc32 != _crc32)
        {
            throw new InvalidDataException(
                $"{_source}: the member is no longer the one the archive's directory described when it was loaded; the file was changed or replaced since.");
        }

        NpzMemberLimits.CheckDeclaredSizes(entry, fileLength, _source);
        (byte[] data, int length) = NpzMemberLimits.ReadBounded(entry, _source);
        return NpyFile.Parse(data, length, _source);
    }
}
