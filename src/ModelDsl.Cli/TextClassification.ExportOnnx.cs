using System.IO;
using ModelDsl.Onnx;
using ModelDsl.Saving;
using ModelDsl.Text;
using static TorchSharp.torch;

namespace ModelDsl.Cli;

internal sealed partial class TextClassification
{
    /// <summary>
    /// <c>export-onnx</c>: the run's model as an ONNX file whose metadata carries the tokenizer and padding, so that
    /// ONNX Runtime can serve it from text with no other file (see <see cref="OnnxMetadataKeys"/>).
    /// </summary>
    public int ExportOnnx(string runDirectory, string? outPath)
    {
        RunFolder run = RunFolder.Open(runDirectory);
        ModelArchive archive = TextRunFiles.ReadModel(run);
        TextPreprocessing preprocessing = RunPreprocessing(archive);
        Tokenizer tokenizer = CheckTokenizer(archive);
        string path = outPath ?? Path.Combine(run.Directory, "model.onnx");
        using nn.Module<Tensor, Tensor> module = LoadModule(run, archive, "export-onnx", preprocessing.MaxLength);
        if (module is not IOnnxExportable exportable)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'export-onnx' needs a model that implements {nameof(IOnnxExportable)} (every generated model does); {_model.Name}'s module is a {module.GetType().Name}.");
        }

        try
        {
            exportable.ExportOnnx(path, OnnxMetadataKeys.ForText(tokenizer, preprocessing));
        }
        catch (System.NotSupportedException ex)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{_model.Name} cannot be written as ONNX: {ex.Message}", ex);
        }

        _output.WriteLine(
            $"wrote {Path.GetFullPath(path)} ({new FileInfo(path).Length:N0} bytes): {_model.Name} from {run.Directory}, "
            + $"{preprocessing.MaxLength} ids per text, tokenizer and padding in its metadata");
        return ModelCommandLine.ExitSuccess;
    }
}
