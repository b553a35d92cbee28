using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModelDsl.Saving;

/// <summary>
/// One entry as a manifest lists it: its name, its size and its SHA-256 (lower-case hex). A model archive's
/// <c>manifest.json</c> lists its zip entries this way (<c>entries</c>), the command line's run folder its files (<c>files</c>):
/// <c>"name": { "bytes": 123, "sha256": "…" }</c>.
/// </summary>
internal sealed record ContentEntry(string Name, long Bytes, string Sha256)
{
    /// <summary>The entry of <paramref name="bytes"/> under <paramref name="name"/>.</summary>
    public static ContentEntry Of(string name, ReadOnlySpan<byte> bytes) => new(name, bytes.Length, HashOf(bytes));

    /// <summary>The SHA-256 of <paramref name="bytes"/>, in lower-case hex.</summary>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>The SHA-256 of what remains of <paramref name="stream"/>, in lower-case hex.</summary>
    public static string HashOf(Stream stream) => Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();

    /// <summary>Writes <paramref name="entries"/> as the object <paramref name="propertyName"/>, one property per entry.</summary>
    public static void WriteAll(Utf8JsonWriter json, string propertyName, IEnumerable<ContentEntry> entries)
    {
        json.WriteStartObject(propertyName);
        foreach (ContentEntry entry in entries)
        {
            json.WriteStartObject(entry.Name);
            json.WriteNumber("bytes", entry.Bytes);
            json.WriteString("sha256", entry.Sha256);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Reads one property of an object <see cref="WriteAll"/> wrote.</summary>
    /// <exception cref="KeyNotFoundException"><c>bytes</c> or <c>sha256</c> is missing.</exception>
    /// <exception cref="InvalidOperationException">One of them has the wrong JSON type.</exception>
    public static ContentEntry Read(JsonProperty property) =>
        new(property.Name, property.Value.GetProperty("bytes").GetInt64(), property.Value.GetProperty("sha256").GetString() ?? string.Empty);
}
