using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Emit.ModelEmitter;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// The members that reach inside a generated model: <c>ResetStates()</c> for stateful layers, <c>Layers</c> by name
/// (Keras's <c>get_layer</c>) and, for a stack, <c>Until(layer, input)</c> (Keras's <c>Model(inputs, layer.output)</c>).
/// </summary>
internal static class LayerAccessEmitter
{
    public static void Write(IndentedTextWriter writer, ModelPlan plan)
    {
        WriteResetStates(writer, plan);
        WriteLayers(writer, plan);
        if (plan.Shell.IsStack)
        {
            WriteUntil(writer, plan);
        }
    }

    /// <summary>Keras's <c>model.get_layer(name)</c> for every built layer with a module, by name, in forward order.</summary>
    private static void WriteLayers(IndentedTextWriter writer, ModelPlan plan)
    {
        var scope = new Scope(plan);
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// The layers with weights or state, by name, as Keras's <c>model.get_layer(name)</c> finds them (an <c>[Activation]</c> has no");
        writer.WriteLine("/// module and is not listed): a read-only view made on each access; cast an entry to its <c>ModelDsl.Layers</c> type.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"{ModelSurface.LayersDeclaration} =>");
        writer.WriteLine("    new global::System.Collections.ObjectModel.ReadOnlyDictionary<string, global::TorchSharp.torch.nn.Module>(");
        writer.WriteLine("        new global::System.Collections.Generic.Dictionary<string, global::TorchSharp.torch.nn.Module>");
        writer.WriteLine("        {");
        foreach (var layer in Built(plan))
        {
            writer.WriteLine($"            [\"{layer.FieldName}\"] = {scope.Member(layer.FieldName)},");
        }

        writer.WriteLine("        });");
        writer.WriteLine();
    }

    /// <summary>
    /// A stack's <c>Until(layer, input)</c>, Keras's <c>Model(inputs, model.get_layer(layer).output)</c>: the layer's position
    /// in forward order from a switch over the names, then <c>forward</c>'s statements, returning after that layer's.
    /// </summary>
    private static void WriteUntil(IndentedTextWriter writer, ModelPlan plan)
    {
        var scope = new Scope(plan, "layer", "stop");
        var input = plan.Inputs[0];
        var calls = plan.Forward.Where(s => s.Value is LayerCallExpression).ToList();
        var names = calls.Select(s => ((LayerCallExpression)s.Value).Field).ToList();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Runs the layers from the input up to and including <paramref name=\"layer\"/> and returns its output, as Keras's");
        writer.WriteLine("/// <c>Model(model.input, model.get_layer(layer).output)</c> does: the inner representations, e.g. <c>Until(\"" + names[0] + "\", x)</c>.");
        writer.WriteLine("/// Layers that behave differently while training (Dropout) follow the module's mode, as in <c>forward</c>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"/// <param name=\"layer\">A layer's name: {string.Join(", ", names.Select(n => $"<c>{n}</c>"))}.</param>");
        writer.WriteLine($"/// <param name=\"input\">A batch, <c>{input.Type}</c>.</param>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The model has no layer of that name; the message lists them.</exception>");
        writer.WriteLine($"/// <exception cref=\"global::ModelDsl.Runtime.ModelInputException\">The input's shape or element type is not <c>{input.Type}</c>.</exception>");
        using (writer.Open(ModelSurface.UntilDeclaration))
        {
            using (writer.Open("var stop = layer switch", "};"))
            {
                var cases = calls.Select((s, i) => new ForwardLine($"\"{names[i]}\" => {i.ToString(CultureInfo.InvariantCulture)},", s.Comment)).ToList();
                foreach (var line in Aligned(cases))
                {
                    writer.WriteLine(line);
                }

                writer.WriteLine(
                    $"_ => throw new global::System.ArgumentException($\"{plan.Shell.Type.Name} has no layer '{{layer}}'; its layers are {string.Join(", ", names)}\", nameof(layer)),");
            }

            var lines = new List<ForwardLine> { new($"{input.SignatureName}.Check({CSharpName.Escape(input.Name)});", input.Type.ToString()) };
            var index = 0;
            foreach (var statement in plan.Forward)
            {
                lines.Add(Statement(statement, scope, logits: null));
                if (statement.Value is LayerCallExpression && index < calls.Count - 1)
                {
                    lines.Add(new ForwardLine($"if (stop == {index.ToString(CultureInfo.InvariantCulture)}) return {CSharpName.Escape(statement.Targets[0])};", names[index]));
                }

                index += statement.Value is LayerCallExpression ? 1 : 0;
            }

            foreach (var line in Aligned(lines))
            {
                writer.WriteLine(line);
            }
        }

        writer.WriteLine();
    }

    /// <summary>Keras's <c>model.reset_states()</c>, for a model with stateful layers: each one's carried state back to zeros.</summary>
    private static void WriteResetStates(IndentedTextWriter writer, ModelPlan plan)
    {
        var stateful = Built(plan).Where(l => l.Spec.LayerKind.IsStateful(l.Spec)).ToList();
        if (stateful.Count == 0)
        {
            return;
        }

        var scope = new Scope(plan);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Keras's <c>model.reset_states()</c>: the stateful layers ({string.Join(", ", stateful.Select(l => $"<c>{l.FieldName}</c>"))}) start the next batch");
        writer.WriteLine("/// from zeros again. Until then each batch continues the state the previous one ended in, row by row, so call this");
        writer.WriteLine("/// between independent sequences (e.g. at each epoch's start), and keep the order of the rows: pass");
        writer.WriteLine("/// <c>shuffle: false</c> to <c>Fit</c> (Keras's <c>shuffle=False</c>), which otherwise shuffles the rows every epoch.");
        writer.WriteLine("/// </summary>");
        using (writer.Open(ModelSurface.ResetStatesDeclaration))
        {
            foreach (var layer in stateful)
            {
                writer.WriteLine($"{scope.Member(layer.FieldName)}.ResetStates();");
            }
        }

        writer.WriteLine();
    }
}
