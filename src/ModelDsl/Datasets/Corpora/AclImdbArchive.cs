using System;
using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Threading;
using static ModelDsl.Datasets.Corpora.AclImdbDownload;

namespace ModelDsl.Datasets.Corpora;

/// <summary>
/// Reads Stanford's <c>aclImdb_v1.tar.gz</c> safely for <see cref="AclImdbDownload"/>: only the labelled reviews are
/// written, and anything an archive should not do is an <see cref="InvalidDataException"/> saying what.
/// </summary>
internal static class AclImdbArchive
{
    /// <summary>
    /// Extracts the labelled reviews of the archive into <paramref name="staging"/>, which exists; returns how many.
    /// Refuses an entry whose path leaves the folder, a review above <see cref="MaxEntryBytes"/>, more than
    /// <see cref="MaxExtractedBytes"/> in all, and an archive whose gzip stream is incomplete or corrupt.
    /// </summary>
    public static long ExtractReviews(string archive, string staging, CancellationToken cancellation)
    {
        string stagingPrefix = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
        long files = 0;
        long extracted = 0;
        int entries = 0;
        using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        uint trailerLength = ReadGzipTrailerLength(file);
        using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        using var counted = new CountingStream(gzip);
        using (var tar = new TarReader(counted, leaveOpen: true))
        {
            TarEntry? entry;
            while ((entry = tar.GetNextEntry()) is not null)
            {
                cancellation.ThrowIfCancellationRequested();
                if (++entries > MaxEntries)
                {
                    throw new InvalidDataException($"it holds more than {MaxEntries:N0} entries");
                }

                string name = entry.Name;
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
                {
                    continue;
                }

                if (name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(name))
                {
                    throw new InvalidDataException($"its entry '{name}' is not a relative path");
                }

                string target = Path.GetFullPath(Path.Combine(staging, name));
                if (!target.StartsWith(stagingPrefix, StringComparison.Ordinal) && target + Path.DirectorySeparatorChar != stagingPrefix)
                {
                    throw new InvalidDataException($"its entry '{name}' would be written outside the folder it is extracted to");
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                    || !IsLabelledReview(Path.GetRelativePath(staging, target)))
                {
                    continue; // folders (created with their files), links, unsup/, the bag-of-words files: not needed
                }

                if (entry.Length > MaxEntryBytes)
                {
                    throw new InvalidDataException($"its entry '{name}' is {entry.Length:N0} bytes, more than the {MaxEntryBytes:N0} a review may have");
                }

                extracted += entry.Length;
                if (extracted > MaxExtractedBytes)
                {
                    throw new InvalidDataException($"its reviews add up to more than {Megabytes(MaxExtractedBytes)}");
                }

                if (File.Exists(target))
                {
                    throw new InvalidDataException($"its entry '{name}' appears twice");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 14))
                {
                    entry.DataStream?.CopyTo(output);
                }

                files++;
            }
        }

        // Read to the end of the gzip stream so that its CRC is checked and the length can be compared.
        counted.CopyTo(Stream.Null);
        if ((uint)counted.Count != trailerLength)
        {
            throw new InvalidDataException(
                $"its gzip stream decompresses to {counted.Count:N0} bytes but its trailer says {trailerLength:N0} (mod 2³²): the archive is truncated");
        }

        return files;
    }

    /// <summary>The last four bytes of a gzip file: the uncompressed length mod 2³² (RFC 1952, ISIZE).</summary>
    private static uint ReadGzipTrailerLength(FileStream file)
    {
        if (file.Length < 18)
        {
            throw new InvalidDataException($"it is {file.Length} bytes, too short to be a gzip file");
        }

        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        file.Seek(0, SeekOrigin.Begin);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    /// <summary><c>aclImdb/{train,test}/{pos,neg}/&lt;name&gt;.txt</c>, the files <see cref="AclImdb"/> reads.</summary>
    private static bool IsLabelledReview(string relative)
    {
        string[] parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Length == 4 && parts[0] == FolderName && Array.IndexOf(Splits, parts[1]) >= 0
            && Array.IndexOf(Classes, parts[2]) >= 0 && parts[3].EndsWith(".txt", StringComparison.Ordinal);
    }

    /// <summary>A read-only stream that counts the bytes read through it.</summary>
    private sealed class CountingStream : Stream
    {
        private readonly Stream _inner;

        public CountingStream(Stream inner) => _inner = inner;

        public long Count { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = _inner.Read(buffer);
            Count += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
