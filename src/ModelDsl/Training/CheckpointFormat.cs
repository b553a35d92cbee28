using System;
using System.IO;
using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// The binary training checkpoint of <see cref="TrainingSession.SaveCheckpoint"/>: a magic string, the format version,
/// the completed epochs, the optimizer's canonical name, then the model (TorchSharp's <c>Module.save</c> format) and
/// the optimizer's state, inside a <see cref="ChecksummedFile"/> (version 2; version 1 had no checksum trailer).
/// </summary>
internal static class CheckpointFormat
{
    private const string Magic = "ModelDsl.TrainingCheckpoint";
    private const int Version = 2; // 1 plus the SHA-256 trailer of ChecksummedFile
    private const int UnsummedVersion = 1;

    /// <summary>Writes a checkpoint of <paramref name="model"/> and <paramref name="optimizer"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, int completedEpochs, string optimizerName, nn.Module model, OptimizerHelper optimizer)
    {
        ChecksummedFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(completedEpochs);
            writer.Write(OptimizerFactory.Canonical(optimizerName));
            using (NewDisposeScope())
            {
                model.save(writer);
                optimizer.save_state_dict(writer);
            }

            writer.Flush();
        });
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into <paramref name="model"/> and <paramref name="optimizer"/>,
    /// in place, and returns its completed epochs.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, a corrupt one, or one written for another optimizer than <paramref name="optimizerName"/>.</exception>
    public static int Read(string path, string optimizerName, nn.Module model, OptimizerHelper optimizer)
    {
        using var content = ChecksummedFile.Open(path, allowMissingTrailer: true);
        using var reader = new BinaryReader(content.Stream, Encoding.UTF8, leaveOpen: true);
        string magic;
        try
        {
            magic = reader.ReadString();
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"'{path}' is not a ModelDsl training checkpoint.", ex);
        }

        if (magic != Magic)
        {
            throw new InvalidDataException($"'{path}' is not a ModelDsl training checkpoint (weights-only files load with LoadWeights).");
        }

        var version = reader.ReadInt32();
        if (version is not (Version or UnsummedVersion))
        {
            throw new InvalidDataException(
                $"'{path}' is a version {version} checkpoint; this library reads versions {UnsummedVersion} and {Version}.");
        }

        if (version == Version && !content.HasChecksum)
        {
            throw new InvalidDataException($"'{path}' is corrupt: it does not end with its checksum (truncated, or bytes were appended after it).");
        }

        var epochs = reader.ReadInt32();
        var writtenWith = reader.ReadString();
        // Checkpoints record the canonical name, so "Adam" and "adam" are the same optimizer.
        if (writtenWith != OptimizerFactory.Canonical(optimizerName))
        {
            throw new InvalidDataException(
                $"'{path}' was written with optimizer '{writtenWith}' but this model uses '{optimizerName}'.");
        }

        using (NewDisposeScope())
        {
            model.load(reader);
        }

        // Loading fills the existing state tensors in place; nothing it creates may be disposed by a scope.
        optimizer.load_state_dict(reader);
        content.RequireFullyRead("checkpoint");
        return epochs;
    }
}
