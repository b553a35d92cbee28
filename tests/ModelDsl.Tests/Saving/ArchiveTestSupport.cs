using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using ModelDsl.Text;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Saving;

/// <summary>Texts, a tokenizer fitted on them, token ids, and a way to damage one entry of a zip in place.</summary>
internal static class ArchiveTestSupport
{
    public static readonly string[] Texts =
    {
        "a great movie with a great cast",
        "awful and boring, a waste of time",
        "great fun",
        "the plot was boring but the music was great and the actors were fun to watch all along",
        "",
    };

    public static Tokenizer FittedTokenizer()
    {
        var tokenizer = new Tokenizer(numWords: 60);
        tokenizer.FitOnTexts(Texts);
        return tokenizer;
    }

    /// <summary><paramref name="rows"/> rows of <paramref name="length"/> ids below <paramref name="vocabulary"/>, the same every call.</summary>
    public static Tensor Ids(int rows, int length, int vocabulary = 60)
    {
        var values = new long[rows * length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (i * 7 + 3) % vocabulary;
        }

        return tensor(values, new long[] { rows, length }, ScalarType.Int64);
    }

    /// <summary>Flips one byte in the middle of the stored data of the zip entry <paramref name="entry"/>, found through its local header.</summary>
    public static void FlipByteIn(string zipPath, string entry)
    {
        byte[] bytes = File.ReadAllBytes(zipPath);
        byte[] name = Encoding.UTF8.GetBytes(entry);
        for (int offset = 0; offset + 30 <= bytes.Length; offset++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset)) != 0x04034b50)
            {
                continue; // not a local file header
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 26));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 28));
            if (!bytes.AsSpan(offset + 30, nameLength).SequenceEqual(name))
            {
                continue;
            }

            int compressedSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 18));
            int data = offset + 30 + nameLength + extraLength;
            bytes[data + compressedSize / 2] ^= 0x10;
            File.WriteAllBytes(zipPath, bytes);
            return;
        }

        throw new InvalidOperationException($"{zipPath} has no entry {entry}.");
    }
}
