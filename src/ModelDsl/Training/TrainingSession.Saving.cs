using System;
using System.IO;
using System.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>Saving and loading weights and training checkpoints.</summary>
public sealed partial class TrainingSession
{
    /// <summary>
    /// Writes the model's parameters and buffers in TorchSharp's <c>Module.save</c> format (readable with
    /// <c>module.load(path)</c>), followed by a SHA-256 checksum that <see cref="LoadWeights(string)"/> verifies, atomically:
    /// a temporary file in the same directory, flushed, then renamed over <paramref name="path"/>. The directory is
    /// created when missing.
    /// </summary>
    public void SaveWeights(string path)
    {
        ThrowIfDisposed();
        ChecksummedFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            using (NewDisposeScope())
            {
                Model.save(writer);
            }

            writer.Flush();
        });
    }

    /// <summary>Loads weights written by <see cref="SaveWeights"/> (or TorchSharp's <c>Module.save</c>) into the model, in place.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The file holds a different set of tensors than the model.</exception>
    /// <exception cref="InvalidDataException">
    /// The file's checksum does not match its content, or bytes follow the tensors (a file without a checksum, from
    /// TorchSharp's <c>Module.save</c>, is read when nothing follows its tensors).
    /// </exception>
    public void LoadWeights(string path)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No weights file at '{path}'.", path);
        }

        LoadWeights(ChecksummedFile.Open(path, allowMissingTrailer: true));
    }

    /// <summary>As <see cref="LoadWeights(string)"/>, from a stream already open on the file at <paramref name="path"/>, which it disposes.</summary>
    internal void LoadWeights(Stream stream, string path)
    {
        ThrowIfDisposed();
        LoadWeights(ChecksummedFile.Open(stream, path, allowMissingTrailer: true));
    }

    private void LoadWeights(ChecksummedFile.Content content)
    {
        using (content)
        {
            using var reader = new BinaryReader(content.Stream, Encoding.UTF8, leaveOpen: true);
            using (NewDisposeScope())
            {
                Model.load(reader);
            }

            content.RequireFullyRead("weights");
        }
    }

    /// <summary>
    /// Writes a checkpoint to resume training from: the model's weights, the optimizer's state (moments, step counts,
    /// learning rate) and <see cref="CompletedEpochs"/>, atomically like <see cref="SaveWeights"/>.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        ThrowIfDisposed();
        CheckpointFormat.Write(path, CompletedEpochs, Options.Optimizer, Model, StatefulOptimizer());
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/>: weights, optimizer state and
    /// <see cref="CompletedEpochs"/>. Continue with <c>Fit(x, y, new FitOptions { Epochs = total, InitialEpoch =
    /// session.CompletedEpochs, Seed = sameSeed })</c> to get the run an uninterrupted <c>Fit</c> would have produced.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, or one written for another optimizer.</exception>
    public void LoadCheckpoint(string path)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No checkpoint file at '{path}'.", path);
        }

        CompletedEpochs = CheckpointFormat.Read(path, Options.Optimizer, Model, StatefulOptimizer());
    }

    private OptimizerHelper StatefulOptimizer() =>
        Optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"The optimizer {Optimizer.GetType().Name} cannot save its state.");
}
