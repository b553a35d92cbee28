using System;
using System.IO;

namespace ModelDsl.Numpy;

/// <summary>
/// Reads an <c>.npy</c> from a stream without trusting it to end: the magic and header are checked as soon as their
/// bytes arrive (so <c>/dev/zero</c> or a large file that is not numpy's is refused after a few bytes), a numeric
/// array is read only up to the size its header declares, and the buffer grows only as bytes really arrive.
/// </summary>
internal static class NpyStreamReading
{
    private const int Chunk = 1 << 16;

    /// <summary>The bytes of the <c>.npy</c> in <paramref name="stream"/>, which <see cref="NpyFile.Parse"/> then parses.</summary>
    /// <param name="stream">Positioned at the magic bytes.</param>
    /// <param name="source">Names the file in error messages.</param>
    public static (byte[] Data, int Length) ReadAll(Stream stream, string source)
    {
        long remaining = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        var buffer = new byte[remaining < 0 ? Chunk : (int)Math.Min(remaining + 1, Chunk)];
        int length = 0;
        long limit = Array.MaxLength; // how many bytes may be read: set by the header once it has arrived
        bool headerChecked = false;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    break; // one byte past what the header declares: enough to know there is more
                }

                long grown = Math.Max((long)buffer.Length * 2, remaining + 1);
                System.Array.Resize(ref buffer, (int)Math.Min(grown, Math.Min(limit + 1, Array.MaxLength)));
                if (length == buffer.Length)
                {
                    throw NpyHeader.Error(source, $"the data is longer than the {Array.MaxLength} bytes one array can hold");
                }
            }

            int wanted = (int)Math.Min(buffer.Length - length, limit + 1 - length);
            int read = wanted <= 0 ? 0 : stream.Read(buffer, length, wanted);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (!headerChecked && NpyHeader.TryParse(buffer.AsSpan(0, length), source) is NpyHeader header)
            {
                headerChecked = true;
                limit = header.DataOffset + DeclaredDataBytes(header);
            }
        }

        if (length > limit)
        {
            string extra = stream.CanSeek ? $"{remaining - limit} unexpected bytes" : "unexpected bytes";
            throw NpyHeader.Error(source, $"{extra} after the array data (its header declares {limit} bytes in all)");
        }

        return (buffer, length);
    }

    /// <summary>How many data bytes follow the header of a numeric array; as many as there are for an object array's pickle.</summary>
    private static long DeclaredDataBytes(NpyHeader header)
    {
        NpyDType? dtype = NpyDType.FromDescr(header.Descr);
        if (dtype is not NpyDType { Kind: not NpyKind.Object } numeric)
        {
            return Array.MaxLength; // an object array's pickle, or an unsupported dtype that Parse names
        }

        long bytes = numeric.ItemSize;
        foreach (int dimension in header.Shape)
        {
            bytes = Math.Min(bytes * dimension, (long)Array.MaxLength + 1);
        }

        return bytes;
    }
}
