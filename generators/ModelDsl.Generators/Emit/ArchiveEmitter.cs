using System.Linq;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// The model archive surface, for stacks and graph models alike: <c>Save(path, tokenizer, preprocessing)</c> writes
/// the one-file <c>.mdsl</c> archive, <c>Load(path)</c> makes the model from one, and <c>LoadPredictor(path)</c> makes a
/// texts-in, probabilities-out predictor. The format and its checks live in the runtime (<c>ModelDsl.Saving.ModelArchive</c>).
/// </summary>
internal static class ArchiveEmitter
{
    private const string Saving = "global::ModelDsl.Saving";

    public static void Write(IndentedTextWriter writer, ModelPlan plan)
    {
        var className = CSharpName.Escape(plan.Shell.Type.Name);
        var signatures = $"new[] {{ {string.Join(", ", plan.Inputs.Select(i => i.SignatureName))} }}";
        var restore = $"{Saving}.ModelArchive.Read(path).Restore(new {className}())";

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Saves this model to <paramref name=\"path\"/> as one file (a <c>.mdsl</c> model archive): the weights, the compile options,");
        writer.WriteLine("/// the layer and input signatures and, when given, the fitted tokenizer and the padding that turn texts into its input.");
        writer.WriteLine("/// Written atomically: a failed write leaves the previous file. <c>Load</c> and <c>LoadPredictor</c> read it back.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"{ModelSurface.SaveDeclaration} =>");
        writer.WriteLine($"    {Saving}.ModelArchive.Save(this, path, {signatures}, TrainingOptions, tokenizer, preprocessing);");
        writer.WriteLine();

        writer.WriteLine($"/// <summary>A new <see cref=\"{className}\"/> with the weights of the model archive at <paramref name=\"path\"/> (<c>ModelArchive.Read(path)</c> gives its tokenizer, preprocessing and compile options).</summary>");
        writer.WriteLine("/// <exception cref=\"global::System.IO.InvalidDataException\">Not a model archive, a damaged one (the message names the entry), or one of a newer format version.</exception>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">It was saved from a declaration with other layers: the message names the first tensor that differs.</exception>");
        writer.WriteLine($"{ModelSurface.LoadDeclaration(className)} => {restore};");
        writer.WriteLine();

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Texts in, probabilities out: the model of the archive at <paramref name=\"path\"/> with its tokenizer and padding, for an app");
        writer.WriteLine("/// that did not train it (<c>LoadPredictor(path).Predict(new[] { \"great movie\" })</c>).");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <exception cref=\"global::System.InvalidOperationException\">The archive holds no tokenizer.</exception>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The model's input is not one sequence of token ids, or the archive does not fit it.</exception>");
        using (writer.Open(ModelSurface.LoadPredictorDeclaration))
        {
            writer.WriteLine($"var archive = {Saving}.ModelArchive.Read(path);");
            writer.WriteLine($"return new {Saving}.TextPredictor(archive.Restore(new {className}()), archive, {signatures});");
        }

        writer.WriteLine();
    }
}
