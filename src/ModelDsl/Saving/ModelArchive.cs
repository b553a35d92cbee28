using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using ModelDsl.Runtime;
using ModelDsl.Text;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace ModelDsl.Saving;

/// <summary>
/// A trained model in one file (<c>.mdsl</c>, a zip): its weights, its compile options, its layer and input signatures,
/// and optionally the fitted tokenizer and the padding that made its inputs, with a manifest holding the format
/// version and each entry's SHA-256. Generated models write it with <c>model.Save(path, tokenizer, preprocessing)</c>
/// and read it with <c>TModel.Load(path)</c> or <c>TModel.LoadPredictor(path)</c>; <see cref="Read(string)"/> returns
/// what it holds. docs/model-archive.md describes the format.
/// </summary>
public sealed partial class ModelArchive
{
    /// <summary>The extension model archives are given: <c>.mdsl</c>.</summary>
    public const string Extension = ".mdsl";

    /// <summary>The format version this library writes and reads; an archive of a newer version is refused.</summary>
    public const int FormatVersion = ArchiveManifest.CurrentVersion;

    internal const string WeightsEntry = "weights.bin";
    internal const string CompileEntry = "compile.json";
    internal const string TokenizerEntry = "tokenizer.json";
    internal const string PreprocessingEntry = "preprocessing.json";

    private readonly byte[] _weights;

    private ModelArchive(string path, ArchiveManifest manifest, byte[] weights, TrainingOptions trainingOptions, Tokenizer? tokenizer, TextPreprocessing? preprocessing)
    {
        Path = path;
        Version = manifest.Version;
        ModelName = manifest.Model;
        Inputs = manifest.Inputs;
        Layers = manifest.Layers;
        TrainingOptions = trainingOptions;
        Tokenizer = tokenizer;
        Preprocessing = preprocessing;
        _weights = weights;
    }

    /// <summary>The file it was read from, as given.</summary>
    public string Path { get; }

    /// <summary>Its format version.</summary>
    public int Version { get; }

    /// <summary>The model class that saved it.</summary>
    public string ModelName { get; }

    /// <summary>The input signatures of that model, in the order of its inputs.</summary>
    public IReadOnlyList<InputSignature> Inputs { get; }

    /// <summary>Every parameter and buffer the weights hold, in the model's order; a model must have exactly these to load them.</summary>
    public IReadOnlyList<TensorSignature> Layers { get; }

    /// <summary>The compile options (loss, optimizer, metrics, learning rate, …) the model was saved with.</summary>
    public TrainingOptions TrainingOptions { get; }

    /// <summary>The fitted tokenizer, when one was saved with the model.</summary>
    public Tokenizer? Tokenizer { get; }

    /// <summary>The length and padding of the token ids, when saved with the model.</summary>
    public TextPreprocessing? Preprocessing { get; }

    /// <summary>
    /// Loads the archive's weights into <paramref name="model"/> and returns it, after checking that its layer signature
    /// is the archive's. <paramref name="model"/> is disposed when it does not fit, so <c>archive.Restore(new MyModel())</c>
    /// leaks nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The model's parameters and buffers are not the archive's: the message names the first that differs, with both shapes.</exception>
    public TModel Restore<TModel>(TModel model)
        where TModel : nn.Module
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            CheckLayers(model);
            using var content = ChecksummedFile.Open(new MemoryStream(_weights, writable: false), $"{Path} ({WeightsEntry})", allowMissingTrailer: false);
            using var reader = new BinaryReader(content.Stream, Encoding.UTF8, leaveOpen: true);
            using (NewDisposeScope())
            {
                model.load(reader);
            }

            content.RequireFullyRead("weights");
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Throws unless <paramref name="model"/> has the parameters and buffers the archive's weights were saved from.</summary>
    /// <exception cref="ArgumentException">The message names the first tensor that differs, with both shapes.</exception>
    public void CheckLayers(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        IReadOnlyList<TensorSignature> actual = LayerSignature.Of(model);
        if (LayerSignature.FirstDifference(Layers, actual) is not var (index, expected, found))
        {
            return;
        }

        string name = model.GetType().Name;
        string saved = expected?.ToString() ?? $"no tensor after its {Count(Layers)}";
        string has = found?.ToString() ?? $"no tensor after its {Count(actual)}";
        throw new ArgumentException(
            $"{Path} was saved from {ModelName} with {saved}; this {name} has {has} (tensor {index + 1} of the layer signature). "
            + $"Load it into the declaration it was saved from.",
            nameof(model));
    }

    private static string Count(IReadOnlyList<TensorSignature> tensors) => tensors.Count == 0
        ? "start (no parameters)"
        : $"{tensors.Count} ({tensors[^1].Name} is the last)";
}
