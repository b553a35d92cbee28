using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelDsl.Onnx;
using ModelDsl.Text;

namespace OnnxServing;

/// <summary>
/// <c>export --run runs/ImdbLstm --out imdb.onnx</c>: the weights and tokenizer of an ImdbSentiment run folder as one
/// ONNX file that carries its own preprocessing. The only part of this sample that loads libtorch.
/// </summary>
internal static class RunFolderExport
{
    public static int Run(string runFolder, string output)
    {
        var weights = Path.Combine(runFolder, "weights.bin");
        var tokenizerFile = Path.Combine(runFolder, "tokenizer.json");
        foreach (var file in new[] { weights, tokenizerFile })
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"{file} not found: --run takes the folder `ImdbSentiment train --out` wrote.");
                return 1;
            }
        }

        // Tokenizer.FromJson checks the file is a Keras tokenizer before anything is written.
        var tokenizerJson = File.ReadAllText(tokenizerFile);
        Tokenizer.FromJson(tokenizerJson);
        var length = ImdbLstm.InputSignature.Dimensions[1];

        using var model = new ImdbLstm();
        model.Training.LoadWeights(weights);
        model.ExportOnnx(output, new Dictionary<string, string>
        {
            [OnnxMetadataKeys.Tokenizer] = tokenizerJson,
            [OnnxMetadataKeys.MaxLength] = length.ToString(CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.Padding] = "pre",
            [OnnxMetadataKeys.Truncating] = "pre",
        });
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length:N0} bytes): {nameof(ImdbLstm)}, {length} ids per review, tokenizer in the metadata");
        return 0;
    }
}
