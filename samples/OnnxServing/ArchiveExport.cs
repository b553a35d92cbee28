using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelDsl.Onnx;
using ModelDsl.Saving;

namespace OnnxServing;

/// <summary>
/// <c>export --model runs/ImdbLstm/model.mdsl --out imdb.onnx</c>: a model archive (weights, tokenizer, padding) as one
/// ONNX file that carries its own preprocessing in its metadata. The only part of this sample that loads libtorch.
/// </summary>
internal static class ArchiveExport
{
    public static int Run(string archivePath, string output)
    {
        if (!File.Exists(archivePath))
        {
            Console.Error.WriteLine($"{archivePath} not found: --model takes the model.mdsl that `ImdbSentiment train --out <folder>` wrote in its folder.");
            return 1;
        }

        var archive = ModelArchive.Read(archivePath);
        if (archive.Tokenizer is null)
        {
            Console.Error.WriteLine($"{archivePath} holds no tokenizer, so a server could not turn text into ids; save the model with its tokenizer.");
            return 1;
        }

        var preprocessing = archive.Preprocessing ?? new TextPreprocessing(checked((int)ImdbLstm.InputSignature.Dimensions[1]));
        using var model = ImdbLstm.Load(archivePath);
        model.ExportOnnx(output, new Dictionary<string, string>
        {
            [OnnxMetadataKeys.Tokenizer] = archive.Tokenizer.ToJson(),
            [OnnxMetadataKeys.MaxLength] = preprocessing.MaxLength.ToString(CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.Padding] = preprocessing.Padding,
            [OnnxMetadataKeys.Truncating] = preprocessing.Truncating,
        });
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length:N0} bytes): {archive.ModelName}, {preprocessing.MaxLength} ids per text, tokenizer in the metadata");
        return 0;
    }
}
