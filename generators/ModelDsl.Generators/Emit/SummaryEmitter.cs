using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>Writes <c>Summary()</c>: Keras's table, with parameter counts taken from the live modules.</summary>
internal static class SummaryEmitter
{
    public static void Write(IndentedTextWriter writer, ModulePlan plan)
    {
        writer.WriteLine("/// <summary>Writes a Keras-style summary to <paramref name=\"output\"/> (the console when omitted) and returns it.</summary>");
        using (writer.Open(ModelSurface.SummaryDeclaration))
        {
            writer.WriteLine($"var summary = new global::ModelDsl.ModelSummary(\"{plan.Type.Name}\", new global::ModelDsl.SummaryRow[]");
            using (writer.Open("", "});"))
            {
                foreach (var layer in plan.Layers)
                {
                    var module = layer.Spec.LayerKind.FieldType(layer.Spec) is null ? "null" : layer.FieldName;
                    writer.WriteLine($"new(\"{layer.FieldName}\", \"{layer.Spec.KerasName}\", \"{layer.Output.Shape.ToKerasString()}\", {module}),");
                }
            }

            writer.WriteLine("summary.WriteTo(output ?? global::System.Console.Out);");
            writer.WriteLine("return summary;");
        }
    }
}
