using System.Globalization;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// Writes the Keras-style training surface of a model: its compile options, the session that owns the
/// optimizer, and <c>Fit</c> / <c>Evaluate</c> / <c>Predict</c> typed to the model's inputs (<see cref="TrainingInputs"/>).
/// The loops themselves live in the runtime (<c>ModelDsl.Training.TrainingSession</c>).
/// </summary>
internal static class TrainingEmitter
{
    private const string Ns = "global::ModelDsl.Training";

    public static void Write(IndentedTextWriter writer, ModelPlan plan)
    {
        var stack = plan.Shell.IsStack;
        var inputs = TrainingInputs.Of(plan.Shell);
        var described = stack
            ? $"<paramref name=\"x\"/> <c>{plan.Inputs[0].Type.Shape.ToString("N")}</c>"
            : string.Join(", ", plan.Inputs.Select(i => $"<paramref name=\"{i.Name}\"/> <c>{i.Type.Shape.ToString("N")}</c>"));
        var checks = plan.Inputs.Zip(inputs.Parameters, (input, parameter) => $"{input.SignatureName}.CheckExamples({parameter});").ToList();

        WriteOptions(writer, plan.Training);
        writer.WriteLine();
        writer.WriteLine($"private {Ns}.TrainingSession? _training;");
        writer.WriteLine();
        writer.WriteLine(stack
            ? "/// <summary>The optimizer, loss and metrics this model trains with; made at first use and kept across <see cref=\"Fit\"/> calls, like Keras's <c>model.optimizer</c>.</summary>"
            : "/// <summary>The optimizer, loss and metrics this model trains with; made at first use and kept across <c>Fit</c> calls, like Keras's <c>model.optimizer</c>. Its inputs are in the order of the <c>[Forward]</c> parameters.</summary>");
        writer.WriteLine($"{ModelSurface.TrainingDeclaration} => _training ??= new({Session(plan)});");
        writer.WriteLine();

        writer.WriteLine($"/// <summary>Trains on {described} and targets <paramref name=\"y\"/>, as Keras's <c>fit</c>.</summary>");
        WriteLines(writer, ModelSurface.FitDeclaration(inputs.Parameters, inputs.ValidationType));
        using (writer.Open(""))
        {
            WriteLines(writer, checks);
            WriteFitCall(writer, inputs.Passed, inputs.ValidationProperty);
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Loss and metrics on {described} and <paramref name=\"y\"/> in inference mode, as Keras's <c>evaluate</c>.</summary>");
        using (writer.Open(ModelSurface.EvaluateDeclaration(inputs.Parameters)))
        {
            WriteLines(writer, checks);
            writer.WriteLine($"return Training.Evaluate({inputs.Passed}, y, batchSize);");
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Outputs <c>{plan.Output!.Shape.ToString("N")}</c> for {described}, in inference mode without gradients, as Keras's <c>predict</c>.</summary>");
        using (writer.Open(ModelSurface.PredictDeclaration(inputs.Parameters)))
        {
            WriteLines(writer, checks);
            writer.WriteLine($"return Training.Predict({inputs.Passed}, batchSize);");
        }

        writer.WriteLine();
        if (inputs.HasRunAsync)
        {
            WriteCommandLine(writer, plan);
            writer.WriteLine();
        }

        WriteDispose(writer);
    }

    /// <summary>
    /// The session's arguments: the module (a one-input module is called as it is), how to call it on a list of inputs
    /// otherwise, and how to get logits when training reads them.
    /// </summary>
    private static string Session(ModelPlan plan)
    {
        var arguments = string.Join(", ", plan.Inputs.Select((_, k) => $"inputs[{k}]"));
        var logits = plan.Logits is null ? "" : $"inputs => Logits({arguments}), ";
        return plan.Shell.IsStack && plan.Logits is null
            ? "this, TrainingOptions"
            : $"this, inputs => call({arguments}), {logits}TrainingOptions";
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
            WriteIfSet(writer, nameof(training.Beta1), training.Beta1);
            WriteIfSet(writer, nameof(training.Beta2), training.Beta2);
            WriteIfSet(writer, nameof(training.Epsilon), training.Epsilon);
        }
    }

    /// <summary><c>RunAsync(args)</c>: the model as a command-line program (train, evaluate, predict, summary).</summary>
    private static void WriteCommandLine(IndentedTextWriter writer, ModelPlan plan)
    {
        var name = plan.Shell.Type.Name;
        var vocabulary = plan.Layers.Select(l => l.Spec.LayerKind.VocabularySize(l.Spec)).FirstOrDefault(size => size is not null);
        var outputUnits = plan.Output!.Shape.Last.Size;
        writer.WriteLine("/// <summary>Runs this model as a command-line program: <c>train</c>, <c>evaluate</c>, <c>predict</c>, <c>summary</c> (<c>--help</c> lists them).</summary>");
        writer.WriteLine($"{ModelSurface.RunAsyncDeclaration} =>");
        writer.WriteLine("    global::ModelDsl.Cli.ModelCommandLine.RunAsync(args, new global::ModelDsl.Cli.ModelDescription(");
        writer.WriteLine($"        Name: \"{name}\",");
        writer.WriteLine($"        Create: static () => new {CSharpName.Escape(name)}(),");
        writer.WriteLine($"        Input: {plan.Inputs[0].SignatureName},");
        writer.WriteLine("        TrainingOptions: TrainingOptions,");
        writer.WriteLine($"        VocabularySize: {(vocabulary is null ? "null" : vocabulary.Value.ToString(CultureInfo.InvariantCulture))},");
        writer.WriteLine($"        OutputUnits: {outputUnits.ToString(CultureInfo.InvariantCulture)}));");
    }

    /// <summary>An option that only some optimizers have, written only when <c>[Model]</c> sets it (the runtime keeps Keras's default otherwise).</summary>
    private static void WriteIfSet(IndentedTextWriter writer, string option, double? value)
    {
        if (value is not null)
        {
            writer.WriteLine($"{option} = {Literal(value)},");
        }
    }

    private static string Describe(string? name) => name is null ? "not set" : $"<c>{name}</c>";

    private static string Literal(string? value) => value is null ? "null" : $"\"{value}\"";

    private static string Literal(double? value) => value is null ? "null" : value.Value.ToString("R", CultureInfo.InvariantCulture);
}
