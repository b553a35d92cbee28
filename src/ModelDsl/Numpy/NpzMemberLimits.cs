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
    /// one the archive records. They are read as an <c>.npy</c> stream (see <see cref="NpyStreamReading"/>): the
    /// header is checked as soon as it has arrived, a numeric array is read only to the size that header declares,
    /// and the buffer grows only as bytes arrive, so a member that declares more than it holds costs no more memory
    /// than it holds.
    /// </summary>
    /// <returns>The buffer and how many of its bytes are the member (the declared size).</returns>
    public static (byte[] Data, int Length) ReadBounded(ZipArchiveEntry entry, string source)
    {
        long declared = entry.Length;
        byte[] buffer;
        int length;
        try
        {
            using Stream stream = entry.Open();
            (buffer, length) = NpyStreamReading.ReadAll(stream, source);
        }
        // The zip's own errors (a corrupt local header, bad deflate data) get the file and member; the .npy
        // reader's already start with them.
        catch (Exception e) when (e is IOException or NotSupportedException || (e is InvalidDataException && !e.Message.StartsWith(source, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{source}: the member cannot be read; the archive may be truncated or corrupt ({e.Message}).", e);
        }

        if (length != declared)
        {
            throw new InvalidDataException(
                $"{source}: the member should hold {declared} bytes but {(length > declared ? "holds more" : $"holds only {length}")}; the archive is corrupt or truncated.");
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
