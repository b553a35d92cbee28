using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelDsl.Onnx;
using ModelDsl.Tests.Training;
using Xunit;

namespace ModelDsl.Tests.Onnx;

/// <summary>What the exported file holds besides the graph's numbers: opset, dynamic batch, metadata, refusals.</summary>
[Collection(TrainingCollection.Name)]
public sealed class OnnxExportFileTests
{
    [Fact]
    public void ExportOnnx_WritesOpset17_WithADynamicBatchAxis_AndNamedInputs()
    {
        using var model = new OnnxQa();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);

        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(file.Path));
        Assert.Equal(17, proto.OpsetImport.Single(o => o.Domain == "").Version);
        Assert.Equal(new[] { "sentence1", "sentence2" }, proto.Graph.Input.Select(i => i.Name));
        Assert.All(proto.Graph.Input.Concat(proto.Graph.Output), v => Assert.Equal(OnnxGraphBuilder.BatchAxis, v.Type.TensorType.Shape.Dim[0].DimParam));
        Assert.Equal(7, proto.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal(9, proto.Graph.Input[1].Type.TensorType.Shape.Dim[1].DimValue);
    }

    [Fact]
    public void ExportOnnx_PutsTheGivenMetadata_AndTheModelAndInputs_InMetadataProps()
    {
        using var model = new OnnxImdbLstm();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path, new Dictionary<string, string>
        {
            [OnnxMetadataKeys.MaxLength] = "40",
            [OnnxMetadataKeys.Padding] = "pre",
            [OnnxMetadataKeys.Tokenizer] = "{\"class_name\": \"Tokenizer\"}",
        });

        using var session = new InferenceSession(file.Path);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("40", metadata[OnnxMetadataKeys.MaxLength]);
        Assert.Equal("pre", metadata[OnnxMetadataKeys.Padding]);
        Assert.Equal("{\"class_name\": \"Tokenizer\"}", metadata[OnnxMetadataKeys.Tokenizer]);
        Assert.Equal(nameof(OnnxImdbLstm), metadata[OnnxMetadataKeys.Model]);
        Assert.Equal("input:int64:[B, 40]", metadata[OnnxMetadataKeys.Inputs]);
        Assert.Equal("ModelDsl", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void ExportOnnx_OfAStatefulLayer_ThrowsNamingTheLayerAndOption_AndWritesNoFile()
    {
        using var model = new OnnxStateful();
        using var file = OnnxParity.TemporaryFile();
        var error = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(file.Path));

        Assert.Contains("LSTM(4)", error.Message);
        Assert.Contains("Stateful = true", error.Message);
        Assert.False(File.Exists(file.Path));
    }

    [Fact]
    public void ExportOnnx_OverAnExistingFile_ReplacesIt_WithAFileOnnxRuntimeLoads()
    {
        using var model = new OnnxDenseActivations();
        using var file = OnnxParity.TemporaryFile();
        File.WriteAllText(file.Path, "not a model");
        model.ExportOnnx(file.Path);

        using var session = new InferenceSession(file.Path);
        Assert.Equal("input", session.InputNames.Single());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file.Path)!, $".{Path.GetFileName(file.Path)}.*"));
    }

    [Fact]
    public void ALayerCalledTwice_WritesItsWeightsOnce()
    {
        using var model = new OnnxQa();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);

        var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(file.Path));
        Assert.Single(proto.Graph.Initializer, i => i.Name.StartsWith("embed_", StringComparison.Ordinal));
        Assert.Equal(2, proto.Graph.Node.Count(n => n.OpType == "Gather" && n.Input[0] == "embed_embeddings"));
    }
}
