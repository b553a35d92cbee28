using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using ModelDsl.Numpy;
using ModelDsl.Text;
using ModelDsl.Training;

namespace ModelDsl.Saving;

/// <summary>Reading a model archive.</summary>
public sealed partial class ModelArchive
{
    /// <summary>
    /// Reads the archive at <paramref name="path"/>, checking its format version and every entry's SHA-256 before
    /// anything is used. The weights are loaded into a model with <see cref="Restore{TModel}"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// Not a model archive (or a truncated one), one of a newer format version, or an entry whose bytes do not match
    /// the manifest; the message names the file and the entry.
    /// </exception>
    public static ModelArchive Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No model archive at '{path}' (write one with model.Save(\"{System.IO.Path.GetFileName(path)}\")).", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>As <see cref="Read(string)"/>, from a stream already open on the archive; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Read(string)"/>.</exception>
    public static ModelArchive Read(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true, Encoding.UTF8);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException(
                $"{path} is not a ModelDsl model archive, or is truncated or damaged (it does not read as a zip: {ex.Message.TrimEnd('.')}).", ex);
        }

        using (zip)
        {
            ZipArchiveEntry manifestEntry = zip.GetEntry(ArchiveManifest.EntryName)
                ?? throw new InvalidDataException($"{path} is not a ModelDsl model archive: it has no {ArchiveManifest.EntryName}.");
            byte[] manifestBytes = ReadEntry(manifestEntry, path, ArchiveManifest.MaxBytes);

            // The manifest holds the others' hashes; its own bytes are held to the zip's CRC-32.
            if (ZipCrc32.Compute(manifestBytes) != manifestEntry.Crc32)
            {
                throw new InvalidDataException($"{path}: the entry {ArchiveManifest.EntryName} is corrupt (its CRC-32 does not match the zip's record).");
            }

            ArchiveManifest manifest = ArchiveManifest.Parse(manifestBytes, path);
            byte[] weights = ReadVerified(zip, manifest, WeightsEntry, path)
                ?? throw new InvalidDataException($"{path}: the manifest lists no {WeightsEntry}, so it holds no model.");
            byte[] compile = ReadVerified(zip, manifest, CompileEntry, path)
                ?? throw new InvalidDataException($"{path}: the manifest lists no {CompileEntry}.");
            byte[]? tokenizer = ReadVerified(zip, manifest, TokenizerEntry, path);
            byte[]? preprocessing = ReadVerified(zip, manifest, PreprocessingEntry, path);
            foreach (ContentEntry listed in manifest.Entries)
            {
                if (listed.Name is not (WeightsEntry or CompileEntry or TokenizerEntry or PreprocessingEntry))
                {
                    throw new InvalidDataException(
                        $"{path}: the manifest lists an entry '{listed.Name}' this ModelDsl does not know (written by a newer version?).");
                }
            }

            return new ModelArchive(
                path,
                manifest,
                weights,
                Parse(path, CompileEntry, compile, CompileOptionsJson.Read),
                tokenizer is null ? null : Parse(path, TokenizerEntry, tokenizer, bytes => Tokenizer.FromJson(Utf8(bytes))),
                preprocessing is null ? null : Parse(path, PreprocessingEntry, preprocessing, PreprocessingJson.Read));
        }
    }

    /// <summary>The bytes of the entry <paramref name="name"/>, checked against the manifest; <see langword="null"/> when the manifest does not list it.</summary>
    private static byte[]? ReadVerified(ZipArchive zip, ArchiveManifest manifest, string name, string path)
    {
        if (manifest.Find(name) is not { } listed)
        {
            return null;
        }

        ZipArchiveEntry entry = zip.GetEntry(name)
            ?? throw new InvalidDataException($"{path}: the entry {name} is missing (the manifest lists it).");
        if (entry.Length != listed.Bytes)
        {
            throw new InvalidDataException($"{path}: the entry {name} is corrupt (it holds {entry.Length:N0} bytes; the manifest says {listed.Bytes:N0}).");
        }

        byte[] bytes = ReadEntry(entry, path, Array.MaxLength);
        if (!string.Equals(ContentEntry.HashOf(bytes), listed.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: the entry {name} is corrupt (its SHA-256 does not match the manifest).");
        }

        return bytes;
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string path, long maxBytes)
    {
        if (entry.Length > maxBytes)
        {
            throw new InvalidDataException($"{path}: the entry {entry.FullName} is {entry.Length:N0} bytes, more than a model archive holds ({maxBytes:N0}).");
        }

        var bytes = new byte[entry.Length];
        try
        {
            using Stream stream = entry.Open();
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{path}: the entry {entry.FullName} is corrupt (it cannot be read: {ex.Message.TrimEnd('.')}).", ex);
        }

        return bytes;
    }

    private static T Parse<T>(string path, string name, byte[] bytes, Func<byte[], T> parse)
    {
        try
        {
            return parse(bytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException)
        {
            throw new InvalidDataException($"{path}: the entry {name} is not what ModelDsl writes there: {ex.Message}", ex);
        }
    }

    private static string Utf8(byte[] bytes) => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
}
