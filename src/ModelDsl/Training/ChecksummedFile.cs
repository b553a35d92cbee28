using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;

namespace ModelDsl.Training;

/// <summary>
/// Weights files and checkpoints end with a 48-byte trailer: the 8 ASCII bytes <c>MDSLSHA2</c>, the length of the
/// content before the trailer (int64, little-endian) and the SHA-256 of that content. A flipped bit, a truncation or
/// bytes appended after the trailer make the file fail <see cref="Open(string, bool)"/>, naming it. TorchSharp's own
/// <c>module.load</c> stops after the tensors, so it still reads such a file.
/// </summary>
internal static class ChecksummedFile
{
    /// <summary>The trailer's length in bytes.</summary>
    public const int TrailerLength = 8 + 8 + 32;

    private static ReadOnlySpan<byte> Magic => "MDSLSHA2"u8;

    /// <summary>Writes <paramref name="path"/> atomically (<see cref="AtomicFile"/>): the content, then its trailer.</summary>
    public static void Write(string path, Action<Stream> writeContent) => AtomicFile.Write(path, stream => WriteTo(stream, writeContent));

    /// <summary>Writes the content, then its trailer, to <paramref name="stream"/> (a model archive's weights entry).</summary>
    public static void WriteTo(Stream stream, Action<Stream> writeContent)
    {
        using var hashing = new HashingStream(stream);
        writeContent(hashing);
        Span<byte> trailer = stackalloc byte[TrailerLength];
        Magic.CopyTo(trailer);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.Slice(8, 8), hashing.Length);
        hashing.GetHash(trailer.Slice(16, 32));
        stream.Write(trailer);
    }

    /// <summary>
    /// Opens <paramref name="path"/> and checks its trailer against its content. A file without a trailer (written by an
    /// older version or by TorchSharp directly) opens when <paramref name="allowMissingTrailer"/>; its readers then check
    /// with <see cref="Content.RequireFullyRead"/> that nothing follows what they read.
    /// </summary>
    /// <exception cref="InvalidDataException">The checksum does not match, or the trailer does not fit the file's length.</exception>
    public static Content Open(string path, bool allowMissingTrailer) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), path, allowMissingTrailer);

    /// <summary>As <see cref="Open(string, bool)"/>, on a stream already open (the result owns it).</summary>
    public static Content Open(Stream stream, string path, bool allowMissingTrailer)
    {
        try
        {
            long length = stream.Length;
            Span<byte> trailer = stackalloc byte[TrailerLength];
            bool hasTrailer = false;
            if (length >= TrailerLength)
            {
                stream.Seek(-TrailerLength, SeekOrigin.End);
                stream.ReadExactly(trailer);
                hasTrailer = trailer[..8].SequenceEqual(Magic);
            }

            long contentLength = length;
            if (hasTrailer)
            {
                contentLength = length - TrailerLength;
                long declared = BinaryPrimitives.ReadInt64LittleEndian(trailer.Slice(8, 8));
                if (declared != contentLength)
                {
                    throw new InvalidDataException(
                        $"'{path}' is corrupt: its checksum covers {declared} bytes but {contentLength} come before it (truncated, or bytes were inserted).");
                }

                stream.Position = 0;
                Span<byte> actual = stackalloc byte[32];
                HashPrefix(stream, contentLength, actual);
                if (!actual.SequenceEqual(trailer.Slice(16, 32)))
                {
                    throw new InvalidDataException($"'{path}' is corrupt: its SHA-256 checksum does not match its content (a changed byte).");
                }
            }
            else if (!allowMissingTrailer)
            {
                throw new InvalidDataException(
                    $"'{path}' is corrupt: it does not end with its checksum (truncated, or bytes were appended after it).");
            }

            stream.Position = 0;
            return new Content(path, stream, contentLength, hasTrailer);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void HashPrefix(Stream stream, long count, Span<byte> hash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 16];
        long left = count;
        while (left > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            sha.AppendData(buffer, 0, read);
            left -= read;
        }

        sha.GetHashAndReset(hash);
    }

    /// <summary>A verified file open at its first byte, and how much of it is content.</summary>
    internal sealed class Content : IDisposable
    {
        public Content(string path, Stream stream, long length, bool hasChecksum)
        {
            Path = path;
            Stream = stream;
            Length = length;
            HasChecksum = hasChecksum;
        }

        public string Path { get; }

        public Stream Stream { get; }

        /// <summary>The bytes before the trailer (the whole file when it has none).</summary>
        public long Length { get; }

        public bool HasChecksum { get; }

        /// <summary>Throws unless the reader stopped exactly at the end of the content.</summary>
        /// <exception cref="InvalidDataException">Bytes are left over, or the reader read into the trailer.</exception>
        public void RequireFullyRead(string what)
        {
            long position = Stream.Position;
            if (position < Length)
            {
                throw new InvalidDataException(
                    $"'{Path}' is corrupt: {Length - position} byte(s) follow the {what} (bytes were appended, or it is not a file this library wrote).");
            }

            if (position > Length)
            {
                throw new InvalidDataException($"'{Path}' is corrupt: the {what} run into its checksum.");
            }
        }

        public void Dispose() => Stream.Dispose();
    }

    /// <summary>Passes writes through to a stream and hashes them.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly Stream _inner;
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public HashingStream(Stream inner) => _inner = inner;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public void GetHash(Span<byte> destination) => _sha.GetHashAndReset(destination);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _sha.AppendData(buffer);
            _inner.Write(buffer);
            _length += buffer.Length;
        }

        public override void WriteByte(byte value) => Write(new ReadOnlySpan<byte>(in value));

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
