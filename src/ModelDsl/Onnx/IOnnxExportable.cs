using System.Collections.Generic;

namespace ModelDsl.Onnx;

/// <summary>
/// A model that writes itself as an ONNX file. Generated models implement it (their <c>ExportOnnx</c> method has this
/// signature), so code that holds a model only as a module, such as the command line's <c>export-onnx</c>, can export it.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Writes the model's inference graph to <paramref name="path"/> (atomically), with <paramref name="metadata"/> in its <c>metadata_props</c>.</summary>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    /// <param name="metadata">Extra metadata, for instance what <see cref="OnnxMetadataKeys.ForText"/> gives for a text model.</param>
    void ExportOnnx(string path, IReadOnlyDictionary<string, string>? metadata = null);
}
