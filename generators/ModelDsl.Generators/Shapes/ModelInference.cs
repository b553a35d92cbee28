using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Second stage, for every model: follows the forward pass statement by statement (<see cref="ForwardWalk"/>) — a
/// stack's straight line of layer calls or a graph model's <c>[Forward]</c> body — and checks the loss against what it
/// outputs. Stops at the first statement that is wrong or cannot be followed: what comes after would only repeat the mistake.
/// </summary>
internal static class ModelInference
{
    public static AnalysisResult Analyze(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Shell is null)
        {
            return new AnalysisResult(null, parsed.Diagnostics);
        }

        if (parsed.Model is not { } graph)
        {
            return new AnalysisResult(ModelPlan.Inert(parsed.Shell, parsed.Diagnostics), parsed.Diagnostics);
        }

        var walk = new ForwardWalk(graph);
        foreach (var statement in graph.Body)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!walk.Run(statement) || walk.Output is not null)
            {
                break;
            }
        }

        var diagnostics = parsed.Diagnostics.ToList();
        if (walk.Error is { } error)
        {
            diagnostics.Add(error);
            return new AnalysisResult(ModelPlan.Inert(graph.Shell, diagnostics), diagnostics.ToEquatableArray());
        }

        if (walk.Output is not { } output)
        {
            // Only a body the compiler rejects (no return) gets here; its error is the one to fix.
            return new AnalysisResult(ModelPlan.Inert(graph.Shell, diagnostics), diagnostics.ToEquatableArray());
        }

        diagnostics.AddRange(walk.UnreadMasks());
        var logits = output.Producer is { } producer && LogitsRule.ReadsLogits(graph.Training, producer.Spec) is { } activation
            ? new LogitsPlan(producer.Id, activation)
            : null;
        var inputs = graph.Inputs.Select((input, k) => new InputPlan(input.Name, graph.Shell.SignatureNames[k], InputType(input.Spec), input.Spec.BatchSize));
        var plan = new ModelPlan(
            graph.Shell, false, inputs.ToEquatableArray(), walk.LayerPlans(), walk.Statements(logits),
            graph.Shell.IsStack ? EquatableArray<ShapeFlowLine>.Empty : walk.Flow.ToEquatableArray(),
            output.Type, graph.Training, graph.Initializer, logits);
        if (output.Final is { } final && LossOutputRule.Check(graph.Training, output.Type, final) is { } lossError)
        {
            diagnostics.Add(new DiagnosticInfo(lossError.Descriptor, graph.TrainingLocation, lossError.MessageArgs));
            if (lossError.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                plan = ModelPlan.Inert(graph.Shell, diagnostics);
            }
        }

        if (PerStepOutputRule.Check(graph.Training, output.Type) is { } perStep)
        {
            // At the last layer (a stack's last attribute, a graph model's return), where [Flatten] goes.
            diagnostics.Add(new DiagnosticInfo(perStep.Descriptor, graph.Body[graph.Body.Count - 1].Location, perStep.MessageArgs));
        }

        return new AnalysisResult(plan, diagnostics.ToEquatableArray());
    }

    public static TensorType InputType(InputSpec input) =>
        new(SymbolicShape.Batched(input.Shape.Select(size => size < 0 ? Dim.Unknown : Dim.Of(size))), input.ElementType);
}
