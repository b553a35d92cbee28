using System.Globalization;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// Writes the Keras-style training surface of a model: its compile options, the session that owns the
/// optimizer, and <c>Fit</c> / <c>Evaluate</c> / <c>Predict</c> typed to the model's input. The loops
/// themselves live in the runtime (<c>ModelDsl.Training.TrainingSession</c>).
/// </summary>
internal static class TrainingEmitter
{
    private const string Ns = "global::ModelDsl.Training";

    public static void Write(IndentedTextWriter writer, ModulePlan plan)
    {
        var training = plan.Training;
        var input = plan.Input!;
        var output = plan.Layers[plan.Layers.Count - 1].Output;

        WriteOptions(writer, training);
        writer.WriteLine();
        writer.WriteLine($"private {Ns}.TrainingSession? _training;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The optimizer, loss and metrics this model trains with; made at first use and kept across <see cref=\"Fit\"/> calls, like Keras's <c>model.optimizer</c>.</summary>");
        writer.WriteLine(plan.LossReadsLogits
            ? $"{ModelSurface.TrainingDeclaration} => _training ??= new(this, inputs => call(inputs[0]), inputs => Logits(inputs[0]), TrainingOptions);"
            : $"{ModelSurface.TrainingDeclaration} => _training ??= new(this, TrainingOptions);");
        writer.WriteLine();

        writer.WriteLine($"/// <summary>Trains on <paramref name=\"x\"/> <c>{input.Shape.ToString("N")}</c> and targets <paramref name=\"y\"/>, as Keras's <c>fit</c>.</summary>");
        WriteLines(writer, ModelSurface.FitDeclaration(new[] { "x" }, ModelSurface.SequentialValidationData));
        using (writer.Open(""))
        {
            writer.WriteLine("InputSignature.Check(x);");
            WriteFitCall(writer, "x", "ValidationData");
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>Loss and metrics on <paramref name=\"x\"/> and <paramref name=\"y\"/> in inference mode, as Keras's <c>evaluate</c>.</summary>");
        using (writer.Open(ModelSurface.EvaluateDeclaration(new[] { "x" })))
        {
            writer.WriteLine("InputSignature.Check(x);");
            writer.WriteLine("return Training.Evaluate(x, y, batchSize);");
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Outputs <c>{output.Shape.ToString("N")}</c> for <paramref name=\"x\"/>, in inference mode without gradients, as Keras's <c>predict</c>.</summary>");
        using (writer.Open(ModelSurface.PredictDeclaration(new[] { "x" })))
        {
            writer.WriteLine("InputSignature.Check(x);");
            writer.WriteLine("return Training.Predict(x, batchSize);");
        }

        writer.WriteLine();
        if (plan.Type.HasCommandLine)
        {
            WriteCommandLine(writer, plan);
            writer.WriteLine();
        }
        WriteDispose(writer);
    }

    internal static void WriteLines(IndentedTextWriter writer, System.Collections.Generic.IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary><c>return Training.Fit(inputs, y, new FitOptions { … })</c>, the validation data passed as <paramref name="validationProperty"/>.</summary>
    internal static void WriteFitCall(IndentedTextWriter writer, string inputs, string validationProperty)
    {
        writer.WriteLine($"return Training.Fit({inputs}, y, new {Ns}.FitOptions");
        using (writer.Open("", "});"))
        {
            writer.WriteLine("Epochs = epochs,");
            writer.WriteLine("BatchSize = batchSize,");
            writer.WriteLine("ValidationSplit = validationSplit,");
            writer.WriteLine($"{validationProperty} = validationData,");
            writer.WriteLine("Shuffle = shuffle,");
            writer.WriteLine($"Callbacks = callbacks ?? global::System.Array.Empty<{Ns}.Callback>(),");
            writer.WriteLine("Seed = seed,");
            writer.WriteLine("Verbose = verbose,");
            writer.WriteLine("InitialEpoch = initialEpoch,");
        }
    }

    /// <summary><c>Dispose(bool)</c>, releasing the training session with the module.</summary>
    internal static void WriteDispose(IndentedTextWriter writer)
    {
        writer.WriteLine("/// <summary>Releases the training session (optimizer state) with the module.</summary>");
        using (writer.Open("protected override void Dispose(bool disposing)"))
        {
            using (writer.Open("if (disposing)"))
            {
                writer.WriteLine("_training?.Dispose();");
            }

            writer.WriteLine();
            writer.WriteLine("base.Dispose(disposing);");
        }
    }

    /// <summary>The <c>TrainingOptions</c> property: the compile options of <c>[Model(...)]</c>, for sequential and graph models alike.</summary>
    internal static void WriteOptions(IndentedTextWriter writer, TrainingSpec training)
    {
        writer.WriteLine($"/// <summary>The compile options of <c>[Model(...)]</c>: loss {Describe(training.Loss)}, optimizer {Describe(training.Optimizer)}.</summary>");
        using (writer.Open($"{ModelSurface.TrainingOptionsDeclaration} {{ get; }} = new()", "};"))
        {
            writer.WriteLine($"Loss = {Literal(training.Loss)},");
            writer.WriteLine($"FromLogits = {(training.FromLogits ? "true" : "false")},");
            writer.WriteLine($"Optimizer = {Literal(training.Optimizer)},");
            writer.WriteLine($"LearningRate = {Literal(training.LearningRate)},");
            writer.WriteLine(training.Metrics.Count == 0
                ? "Metrics = global::System.Array.Empty<string>(),"
                : $"Metrics = new[] {{ {string.Join(", ", training.Metrics.Select(m => Literal(m)))} }},");
            writer.WriteLine($"ClipNorm = {Literal(training.ClipNorm)},");
            writer.WriteLine($"WeightDecay = {Literal(training.WeightDecay)},");
            writer.WriteLine($"Momentum = {Literal(training.Momentum)},");
        }
    }

    /// <summary><c>RunAsync(args)</c>: the model as a command-line program (train, evaluate, predict, summary).</summary>
    private static void WriteCommandLine(IndentedTextWriter writer, ModulePlan plan)
    {
        var name = plan.Type.Name;
        var vocabulary = plan.Layers.Select(l => l.Spec).OfType<EmbeddingSpec>().FirstOrDefault()?.InputDim;
        var outputUnits = plan.Layers[plan.Layers.Count - 1].Output.Shape.Last.Size;
        writer.WriteLine("/// <summary>Runs this model as a command-line program: <c>train</c>, <c>evaluate</c>, <c>predict</c>, <c>summary</c> (<c>--help</c> lists them).</summary>");
        writer.WriteLine($"{ModelSurface.RunAsyncDeclaration} =>");
        writer.WriteLine("    global::ModelDsl.Cli.ModelCommandLine.RunAsync(args, new global::ModelDsl.Cli.ModelDescription(");
        writer.WriteLine($"        Name: \"{name}\",");
        writer.WriteLine($"        Create: static () => new {CSharpName.Escape(name)}(),");
        writer.WriteLine("        Input: InputSignature,");
        writer.WriteLine("        TrainingOptions: TrainingOptions,");
        writer.WriteLine($"        VocabularySize: {(vocabulary is null ? "null" : vocabulary.Value.ToString(CultureInfo.InvariantCulture))},");
        writer.WriteLine($"        OutputUnits: {outputUnits.ToString(CultureInfo.InvariantCulture)}));");
    }

    private static string Describe(string? name) => name is null ? "not set" : $"<c>{name}</c>";

    private static string Literal(string? value) => value is null ? "null" : $"\"{value}\"";

    private static string Literal(double? value) => value is null ? "null" : value.Value.ToString("R", CultureInfo.InvariantCulture);
}
