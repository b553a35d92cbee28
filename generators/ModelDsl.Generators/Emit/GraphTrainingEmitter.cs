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
    private const string Ns = "global::ModelDsl.Training";

    public static void Write(IndentedTextWriter writer, ModelPlan plan)
    {
        var inputs = plan.Inputs;
        var names = string.Join(", ", inputs.Select(i => CSharpName.Escape(i.Name)));
        var list = $"new[] {{ {names} }}";
        var arguments = string.Join(", ", inputs.Select((_, k) => $"inputs[{k}]"));
        var call = $"call({arguments})";
        var described = string.Join(", ", inputs.Select(i => $"<paramref name=\"{i.Name}\"/> <c>{i.Type.Shape.ToString("N")}</c>"));

        TrainingEmitter.WriteOptions(writer, plan.Training);
        writer.WriteLine();
        writer.WriteLine($"private {Ns}.TrainingSession? _training;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The optimizer, loss and metrics this model trains with; made at first use and kept across <c>Fit</c> calls, like Keras's <c>model.optimizer</c>. Its inputs are in the order of the <c>[Forward]</c> parameters.</summary>");
        writer.WriteLine(plan.Logits is null
            ? $"{ModelSurface.TrainingDeclaration} => _training ??= new(this, inputs => {call}, TrainingOptions);"
            : $"{ModelSurface.TrainingDeclaration} => _training ??= new(this, inputs => {call}, inputs => Logits({arguments}), TrainingOptions);");
        writer.WriteLine();

        writer.WriteLine($"/// <summary>Trains on {described} and targets <paramref name=\"y\"/>, as Keras's <c>fit</c>.</summary>");
        TrainingEmitter.WriteLines(writer, ModelSurface.FitDeclaration(inputs.Select(i => CSharpName.Escape(i.Name)), ModelSurface.GraphValidationData));
        using (writer.Open(""))
        {
            WriteChecks(writer, plan);
            TrainingEmitter.WriteFitCall(writer, list, "MultiInputValidationData");
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Loss and metrics on {described} and <paramref name=\"y\"/> in inference mode, as Keras's <c>evaluate</c>.</summary>");
        using (writer.Open(ModelSurface.EvaluateDeclaration(inputs.Select(i => CSharpName.Escape(i.Name)))))
        {
            WriteChecks(writer, plan);
            writer.WriteLine($"return Training.Evaluate({list}, y, batchSize);");
        }

        writer.WriteLine();
        writer.WriteLine($"/// <summary>Outputs <c>{plan.Output!.Shape.ToString("N")}</c> for {described}, in inference mode without gradients, as Keras's <c>predict</c>.</summary>");
        using (writer.Open(ModelSurface.PredictDeclaration(inputs.Select(i => CSharpName.Escape(i.Name)))))
        {
            WriteChecks(writer, plan);
            writer.WriteLine($"return Training.Predict({list}, batchSize);");
        }

        writer.WriteLine();
        TrainingEmitter.WriteDispose(writer);
    }

    private static void WriteChecks(IndentedTextWriter writer, ModelPlan plan)
    {
        foreach (var input in plan.Inputs)
        {
            writer.WriteLine($"{input.SignatureName}.Check({CSharpName.Escape(input.Name)});");
        }
    }
}
