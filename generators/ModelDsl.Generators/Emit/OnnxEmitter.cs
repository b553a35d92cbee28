using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// <c>ExportOnnx(path, metadata)</c>: the statements of <c>forward</c> again, line by line with the same shape comments,
/// each writing into an ONNX graph (<c>ModelDsl.Onnx.OnnxGraphBuilder</c>) what it computes — every value is an
/// <c>OnnxValue</c> where <c>forward</c> has a tensor. What each layer writes is its kind's <c>OnnxCall</c>.
/// </summary>
internal static class OnnxEmitter
{
    private const string Graph = "onnxGraph";

    public static void Write(IndentedTextWriter writer, ModelPlan plan)
    {
        var scope = new ModelEmitter.Scope(plan, Graph);
        var lines = plan.Inputs.Select(i => new ForwardLine($"var {CSharpName.Escape(i.Name)} = {Graph}.Input({i.SignatureName});", i.Type.ToString())).ToList();
        lines.AddRange(plan.Forward.Select(s => Statement(s, scope)));

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Writes the model as it computes in evaluation mode to <paramref name=\"path\"/> as an ONNX model (opset 17,");
        writer.WriteLine("/// dynamic batch axis, the weights as they are now), with <paramref name=\"metadata\"/> in its <c>metadata_props</c>");
        writer.WriteLine("/// (keys in <see cref=\"global::ModelDsl.Onnx.OnnxMetadataKeys\"/>). The file is written atomically.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <exception cref=\"global::System.NotSupportedException\">A layer has an option ONNX cannot express (a stateful recurrent layer); the message names it.</exception>");
        using (writer.Open(ModelSurface.ExportOnnxDeclaration))
        {
            writer.WriteLine($"var graph = new global::ModelDsl.Onnx.OnnxGraphBuilder(\"{plan.Shell.Type.Name}\");");
            writer.WriteLine("WriteOnnxGraph(graph);");
            writer.WriteLine("graph.Save(path, metadata);");
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>The statements of <c>forward</c>, each writing what it computes into <paramref name=\"onnxGraph\"/>.</summary>");
        using (writer.Open($"private void WriteOnnxGraph(global::ModelDsl.Onnx.OnnxGraphBuilder {Graph})"))
        {
            foreach (var line in ModelEmitter.Aligned(lines))
            {
                writer.WriteLine(line);
            }
        }
    }

    private static ForwardLine Statement(ForwardStatement statement, ModelEmitter.Scope scope)
    {
        var targets = statement.Targets.Select(t => t == "_" ? t : CSharpName.Escape(t)).ToList();
        var assigned = targets.Count == 1 ? targets[0] : $"({string.Join(", ", targets)})";
        var value = Expression(statement.Value, scope);
        var code = statement.Kind switch
        {
            StatementKind.Return => $"{Graph}.Output({value});",
            StatementKind.Declare => $"var {assigned} = {value};",
            _ => $"{assigned} = {value};",
        };
        return new ForwardLine(code, statement.Comment);
    }

    private static string Expression(ForwardExpression expression, ModelEmitter.Scope scope)
    {
        switch (expression)
        {
            case ValueReference value:
                return CSharpName.Escape(value.Name);
            case MaskExpression mask:
                return $"{scope.Member(mask.Field)}.WriteOnnxMask({Graph}, {Expression(mask.Ids, scope)})";
            case LayerCallExpression call:
                var arguments = string.Join(", ", call.Arguments.Select(a => Expression(a, scope)));
                return call.Spec.LayerKind.OnnxCall(call.Spec, call.Kind, scope.Member(call.Field), Graph, call.Field, arguments, call.Mask is null ? null : CSharpName.Escape(call.Mask));
            case OpExpression op:
                var operands = op.Operands.Select(o => Expression(o, scope)).ToList();
                return $"global::ModelDsl.Onnx.OnnxOps.{op.Op}({string.Join(", ", ModelEmitter.OpsArguments(op, operands).Prepend(Graph))})";
            default:
                throw new System.InvalidOperationException($"No ONNX export for {expression.GetType().Name}.");
        }
    }
}
