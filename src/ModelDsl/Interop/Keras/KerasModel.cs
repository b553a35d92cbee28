using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// Brings Keras 2.x models into ModelDsl: <see cref="LoadWeights"/> fills a generated model from a <c>.h5</c> file written
/// by Keras's <c>model.save</c> or <c>model.save_weights</c>. The declaration says what the layers compute; the file gives
/// their weights (docs/keras-import.md).
/// </summary>
public static class KerasModel
{
    /// <summary>
    /// Fills <paramref name="model"/>'s layers with the weights of the Keras file at <paramref name="path"/>. The Keras layers
    /// with weights are matched to the model's layers with weights in order (Embedding, SimpleRNN, GRU — both reset_after
    /// forms —, LSTM, Bidirectional, Dense, Conv1D, ConvLSTM2D); layers without weights (Dropout, pooling, Activation) are
    /// skipped on both sides. Nothing is changed unless every layer fits.
    /// </summary>
    /// <param name="model">A generated model (or any module whose child modules are ModelDsl layers) declared like the Keras model.</param>
    /// <param name="path">A Keras 2.x <c>.h5</c> file.</param>
    /// <exception cref="KerasImportException">
    /// The file is not a Keras file, lacks a dataset its layers list, has another number of layers with weights than the
    /// model, or a layer's kind or weight shapes differ from the model's layer (the message names both layers and the shapes).
    /// </exception>
    /// <exception cref="System.IO.FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static void LoadWeights(nn.Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var kerasLayers = KerasFile.Read(path);
        var modelLayers = LayersWithWeights(model);
        if (kerasLayers.Count != modelLayers.Count)
        {
            throw new KerasImportException(
                $"'{path}' has {kerasLayers.Count} layers with weights ({string.Join(", ", kerasLayers.Select(l => l.Display))}) but the model has {modelLayers.Count} "
                + $"({string.Join(", ", modelLayers.Select(l => $"'{l.Name}' ({KerasWeightMapping.KindOf(l.Module) ?? l.Module.GetType().Name})"))})");
        }

        using var scope = NewDisposeScope();
        var assignments = kerasLayers.Zip(modelLayers, (keras, layer) => KerasWeightMapping.Map(keras, layer.Name, layer.Module, path))
            .SelectMany(a => a)
            .ToList();
        using (no_grad())
        {
            foreach (var assignment in assignments)
            {
                assignment.Target.copy_(assignment.Value);
            }
        }
    }

    /// <summary>
    /// The ModelDsl declaration of the Sequential model in a Keras file written by <c>model.save</c> (its root attribute
    /// <c>model_config</c>): <c>[Model]</c>, <c>[Input(...)]</c>, one attribute per layer with the options that differ from
    /// ModelDsl's defaults, and <c>public partial class Name;</c>. Paste it into a .cs file, then fill it with <see cref="LoadWeights"/>.
    /// </summary>
    /// <param name="path">A Keras 2.x <c>.h5</c> file holding a whole model.</param>
    /// <param name="className">The class name; by default the Keras model's name in PascalCase.</param>
    /// <exception cref="KerasImportException">The file has no model_config, the model is not Sequential, or a layer has no ModelDsl attribute (named).</exception>
    public static string ToCSharp(string path, string? className = null) => KerasDeclaration.Write(KerasFile.ModelConfig(path), className, path);

    /// <summary>The model's direct child modules that hold parameters, in registration (declaration) order.</summary>
    private static List<(string Name, nn.Module Module)> LayersWithWeights(nn.Module model) =>
        model.named_children().Where(c => c.module.parameters().Any()).Select(c => (c.name, c.module)).ToList();
}
