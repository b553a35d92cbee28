using System;
using System.IO;
using System.IO.Compression;

namespace ModelDsl.Numpy;

/// <summary>
/// What an <c>.npz</c> member may declare, and reading one without trusting its declared size: no member is given
/// more memory than the bytes that have really arrived (or, when stored, than the file holds).
/// </summary>
internal static class NpzMemberLimits
{
    /// <summary>
    /// The most deflate can expand: 258 bytes from a 2-bit code, 1032 to 1. A member declaring more than this many
    /// bytes per compressed byte cannot be telling the truth.
    /// </summary>
    public const long MaxDeflateRatio = 1032;

    private const int Chunk = 1 << 16;

    /// <summary>
    /// Refuses a member whose declared sizes the file cannot back: more compressed bytes than the whole file, more
    /// bytes than deflate can expand its compressed bytes to, or more than one array can hold.
    /// </summary>
    public static void CheckDeclaredSizes(ZipArchiveEntry entry, long fileLength, string source)
    {
        long compressed = entry.CompressedLength;
        long declared = entry.Length;
        if (compressed > fileLength)
        {
            throw new InvalidDataException(
                $"{source}: the member declares {compressed} compressed bytes ({declared} bytes uncompressed), but the whole archive is only {fileLength} bytes; it is corrupt or truncated.");
        }

        long expandable = compressed * MaxDeflateRatio;
        if (declared > expandable)
        {
            throw new InvalidDataException(
                $"{source}: the member declares {declared} bytes, but its {compressed} compressed bytes can expand to at most {expandable} "
                + $"(deflate's limit of {MaxDeflateRatio} to 1); the archive is corrupt.");
        }

        if (declared > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{source}: the member declares {declared} bytes, more than the {Array.MaxLength} one array can hold.");
        }
    }

    /// <summary>
    /// Reads the member's bytes, checking that there are exactly as many as it declares and that their CRC-32 is the
    /// one the archive records. The buffer grows as the
    /// bytes arrive — from the compressed size, doubling up to the declared size — so a member that declares more
    /// than it holds costs no more memory than it holds.
    /// </summary>
    /// <returns>The buffer and how many of its bytes are the member (the declared size).</returns>
    public static (byte[] Data, int Length) ReadBounded(ZipArchiveEntry entry, string source)
    {
        int declared = (int)entry.Length; // CheckDeclaredSizes bounded it
        var buffer = new byte[(int)Math.Min(declared, Math.Max(entry.CompressedLength, Chunk))];
        int length = 0;
        bool more;
        try
        {
            using Stream stream = entry.Open();
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length == declared)
                    {
                        break;
                    }

                    System.Array.Resize(ref buffer, (int)Math.Min(declared, Math.Max((long)buffer.Length * 2, Chunk)));
                }

                int read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            Span<byte> probe = stackalloc byte[1];
            more = length == declared && stream.Read(probe) > 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new InvalidDataException($"{source}: the member cannot be read; the archive may be truncated or corrupt ({e.Message}).", e);
        }

        if (more || length != declared)
        {
            throw new InvalidDataException(
                $"{source}: the member should hold {declared} bytes but {(more ? "holds more" : $"holds only {length}")}; the archive is corrupt or truncated.");
        }

        uint crc = ZipCrc32.Compute(buffer.AsSpan(0, length));
        if (crc != entry.Crc32)
        {
            throw new InvalidDataException(
                $"{source}: the member's CRC-32 is {crc:x8} but the archive records {entry.Crc32:x8}; its data is corrupt.");
        }

        return (buffer, length);
    }
}
