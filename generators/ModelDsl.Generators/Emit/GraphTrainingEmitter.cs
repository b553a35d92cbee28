using System.Linq;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// The Keras-style training surface of a graph model: <c>Fit</c> / <c>Evaluate</c> / <c>Predict</c> take one
/// tensor per input, in the order of the <c>[Forward]</c> parameters, and pass them as a list to the runtime's
/// multi-input <c>TrainingSession</c>.
/// </summary>
internal static class GraphTrainingEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string Ns = "global::ModelDsl.Training";

    public static void Write(IndentedTextWriter writer, GraphPlan plan)
    {
        var inputs = plan.Inputs;
        var names = string.Join(", ", inputs.Select(i => i.Name));
        var list = $"new[] {{ {names} }}";
        var call = $"call({string.Join(", ", inputs.Select((_, k) => $"inputs[{k}]"))})";
        var described = string.Join(", ", inputs.Select(i => $"<paramref name=\"{i.Name.TrimStart('@')}\"/> <c>{i.Type.Shape.ToString("N")}</c>"));

        TrainingEmitter.WriteOptions(writer, plan.Training);
        writer.WriteLine();
        writer.WriteLine($"private {Ns}.TrainingSession? _training;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The optimizer, loss and metrics this model trains with; made at first use and kept across <c>Fit</c> calls, like Keras's <c>model.optimizer</c>. Its inputs are in the order of the <c>[Forward]</c> parameters.</summary>");
        writer.WriteLine($"public {Ns}.TrainingSession Training => _training ??= new(this, inputs => {call}, TrainingOptions);");
        writer.WriteLine();

        writer.WriteLine($"/// <summary>Trains on {described} and targets <paramref name=\"y\"/>, as Keras's <c>fit</c>.</summary>");
        writer.WriteLine($"public {Ns}.History Fit(");
        foreach (var input in inputs)
        {
            writer.WriteLine($"    {Tensor} {input.Name},");
        }

        writer.WriteLine($"    {Tensor} y,");
        writer.WriteLine("    int epochs = 1,");
        writer.WriteLine("    int batchSize = 32,");
        writer.WriteLine("    double validationSplit = 0,");
        writer.WriteLine($"    (global::System.Collections.Generic.IReadOnlyList<{Tensor}> Inputs, {Tensor} Y)? validationData = null,");
        writer.WriteLine("    bool shuffle = true,");
        writer.WriteLine($"    global::System.Collections.Generic.IReadOnlyList<{Ns}.Callback>? callbacks = null,");
        writer.WriteLine("    long? seed = null,");
        writer.WriteLine("    int verbose = 1,");
        writer.WriteLine("    int initialEpoch = 0)");
        using (writer.Open(""))
        {
            WriteChecks(writer, plan);
            writer.WriteLine($"return Training.Fit({list}, y, new {Ns}.FitOptions");
            using (writer.Open("", "});"))
            {
                writer.WriteLine("Epochs = epochs,");
                writer.WriteLine("BatchSize = batchSize,");
                writer.WriteLine("ValidationSplit = validationSplit,");
                writer.WriteLine("MultiInputValidationData = validationData,");
                writer.WriteLine("Shuffle = shuffle,");
                writer.WriteLine($"Callbacks = callbacks ?? global::System.Array.Empty<{Ns}.Callback>(),");
                writer.WriteLine("Seed = seed,");
                writer.WriteLine("Verbose = verbose,");
                writer.WriteLine("InitialEpoch = initialEpoch,");
            }
        }

        var parameters = string.Join(", ", inputs.Select(i => $"{Tensor} {i.Name}"));
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Loss and metrics on {described} and <paramref name=\"y\"/> in inference mode, as Keras's <c>evaluate</c>.</summary>");
        using (writer.Open($"public global::System.Collections.Generic.IReadOnlyDictionary<string, double> Evaluate({parameters}, {Tensor} y, int batchSize = 32)"))
        {
            WriteChecks(writer, plan);
            writer.WriteLine($"return Training.Evaluate({list}, y, batchSize);");
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Outputs <c>{plan.Output!.Shape.ToString("N")}</c> for {described}, in inference mode without gradients, as Keras's <c>predict</c>.</summary>");
        using (writer.Open($"public {Tensor} Predict({parameters}, int batchSize = 32)"))
        {
            WriteChecks(writer, plan);
            writer.WriteLine($"return Training.Predict({list}, batchSize);");
        }

        writer.WriteLine();
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

    private static void WriteChecks(IndentedTextWriter writer, GraphPlan plan)
    {
        foreach (var input in plan.Inputs)
        {
            writer.WriteLine($"{input.SignatureName}.Check({input.Name});");
        }
    }
}
