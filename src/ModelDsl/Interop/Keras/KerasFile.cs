using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PureHDF;
using PureHDF.VOL.Native;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// Reads the layers with weights from a Keras 2.x HDF5 file: a full model written by <c>model.save("….h5")</c> (root
/// attribute <c>model_config</c>, weights under the group <c>model_weights</c>) or a weights file written by
/// <c>model.save_weights("….h5")</c> (the same layer groups at the root). Each layer group lists its datasets in the
/// attribute <c>weight_names</c>; layers without weights (Input, Dropout, pooling) are left out.
/// </summary>
internal static class KerasFile
{
    private const string WeightsGroup = "model_weights";

    /// <summary>The file's layers with weights, in the file's layer order.</summary>
    public static IReadOnlyList<KerasLayer> Read(string path) => Open(path, file => ReadLayers(file, path));

    /// <summary>The root attribute <c>model_config</c> (the model's JSON) of a file written by <c>model.save</c>.</summary>
    public static string ModelConfig(string path) => Open(path, file =>
    {
        if (!KerasAttributes.Has(file, "model_config"))
        {
            throw new KerasImportException(
                $"'{path}' has no root attribute 'model_config': it is not a Keras model file (a save_weights file holds weights only; save the model with model.save)");
        }

        return KerasAttributes.Text(file, "model_config");
    });

    private static T Open<T>(string path, Func<NativeFile, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Keras file '{path}' does not exist", path);
        }

        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not IOException || e is EndOfStreamException)
        {
            throw new KerasImportException($"'{path}' is not an HDF5 file, so not a Keras .h5 file: {e.Message}", e);
        }

        using (file)
        {
            try
            {
                return read(file);
            }
            catch (Exception e) when (e is not KerasImportException)
            {
                throw new KerasImportException($"'{path}': the HDF5 reader failed: {e.Message}", e);
            }
        }
    }

    private static IReadOnlyList<KerasLayer> ReadLayers(NativeFile file, string path)
    {
        IH5Group root;
        var fullModel = false;
        if (KerasAttributes.Has(file, "layer_names"))
        {
            root = file;
        }
        else if (file.LinkExists(WeightsGroup) && KerasAttributes.Has(file.Group(WeightsGroup), "layer_names"))
        {
            root = file.Group(WeightsGroup);
            fullModel = true;
        }
        else
        {
            throw new KerasImportException(
                $"'{path}' is not a Keras .h5 file: it has no attribute 'layer_names' at its root (a save_weights file) nor a group '{WeightsGroup}' with one (a model.save file)");
        }

        var configs = fullModel && KerasAttributes.Has(file, "model_config")
            ? LayerConfigs(KerasAttributes.Text(file, "model_config"), path)
            : new Dictionary<string, (string ClassName, IReadOnlyDictionary<string, string> Options)>();
        var layers = new List<KerasLayer>();
        foreach (var name in KerasAttributes.Texts(root, "layer_names"))
        {
            if (!root.LinkExists(name))
            {
                throw new KerasImportException($"'{path}': layer '{name}' is listed in layer_names but the file has no group for it");
            }

            var group = root.Group(name);
            var weightNames = KerasAttributes.Has(group, "weight_names") ? KerasAttributes.Texts(group, "weight_names") : Array.Empty<string>();
            if (weightNames.Length == 0)
            {
                continue;
            }

            var weights = weightNames.Select(weightName => ReadWeight(group, name, weightName, path)).ToList();
            layers.Add(configs.TryGetValue(name, out var known)
                ? new KerasLayer(name, known.ClassName, weights, known.Options)
                : new KerasLayer(name, KerasLayerKinds.Infer(weights), weights, new Dictionary<string, string>()));
        }

        return layers;
    }

    private static KerasWeight ReadWeight(IH5Group layer, string layerName, string weightName, string path)
    {
        if (!layer.LinkExists(weightName))
        {
            throw new KerasImportException($"'{path}': layer '{layerName}' lists weight '{weightName}' but the file has no dataset '{layerName}/{weightName}'");
        }

        var dataset = layer.Dataset(weightName);
        var shape = dataset.Space.Dimensions.Select(d => checked((long)d)).ToArray();
        var type = dataset.Type;
        float[] values = type.Class switch
        {
            H5DataTypeClass.FloatingPoint when type.Size == 4 => dataset.Read<float[]>(),
            H5DataTypeClass.FloatingPoint when type.Size == 8 => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            _ => throw new KerasImportException(
                $"'{path}': weight '{layerName}/{weightName}' is {type.Class} of {type.Size} bytes; Keras weights are float32 or float64"),
        };
        return new KerasWeight(weightName, shape, values);
    }

    /// <summary>
    /// Layer name → class name and options from <c>model_config</c> (Sequential or functional), e.g. <c>lstm → LSTM</c>,
    /// <c>bidirectional → Bidirectional(LSTM)</c>.
    /// </summary>
    private static Dictionary<string, (string ClassName, IReadOnlyDictionary<string, string> Options)> LayerConfigs(string json, string path)
    {
        var classes = new Dictionary<string, (string ClassName, IReadOnlyDictionary<string, string> Options)>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
                || !config.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                return classes;
            }

            foreach (var layer in layers.EnumerateArray())
            {
                var className = layer.GetProperty("class_name").GetString() ?? "";
                var layerConfig = layer.GetProperty("config");
                var name = layerConfig.TryGetProperty("name", out var n) ? n.GetString() : layer.TryGetProperty("name", out var m) ? m.GetString() : null;
                if (name is null)
                {
                    continue;
                }

                var options = KerasLayerOptions.Read(layerConfig);
                if (className == "Bidirectional" && layerConfig.TryGetProperty("layer", out var inner))
                {
                    className = $"Bidirectional({inner.GetProperty("class_name").GetString()})";
                    options = KerasLayerOptions.Read(inner.GetProperty("config"), options);
                }

                classes[name] = (className, options);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new KerasImportException($"'{path}': the root attribute model_config is not the JSON of a Keras model: {e.Message}", e);
        }

        return classes;
    }
}
