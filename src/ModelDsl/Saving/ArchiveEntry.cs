namespace ModelDsl.Saving;

/// <summary>One entry of a model archive as its manifest lists it: its name, its size and its SHA-256 (lower-case hex).</summary>
internal sealed record ArchiveEntry(string Name, long Bytes, string Sha256);
