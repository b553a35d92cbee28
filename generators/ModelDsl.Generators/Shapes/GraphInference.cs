using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Follows the <c>[Forward]</c> method statement by statement: each input has its <c>[Input]</c> type, each local
/// the type of its value, each layer call and <c>Ops</c> call the output its shape rule computes. Stops at the
/// first statement that is wrong or cannot be followed: what comes after would only repeat the mistake.
/// A layer property is sized by its first call; a later call with another feature size is reported there.
/// </summary>
internal static class GraphInference
{
    public static GraphAnalysisResult Analyze(GraphParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Shell is null)
        {
            return new GraphAnalysisResult(null, parsed.Diagnostics);
        }

        if (parsed.Graph is not { } graph)
        {
            return new GraphAnalysisResult(GraphPlan.Inert(parsed.Shell, parsed.Diagnostics), parsed.Diagnostics);
        }

        var walk = new Walk(graph);
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
            return new GraphAnalysisResult(GraphPlan.Inert(graph.Shell, diagnostics), diagnostics.ToEquatableArray());
        }

        if (walk.Output is not { } output)
        {
            // Only a body the compiler rejects (no return) gets here; its error is the one to fix.
            return new GraphAnalysisResult(GraphPlan.Inert(graph.Shell, diagnostics), diagnostics.ToEquatableArray());
        }

        var inputs = graph.Inputs.Select((input, k) => new GraphInputPlan(input.Name, graph.Shell.SignatureNames[k], InputType(input.Spec)));
        var plan = new GraphPlan(graph.Shell, false, inputs.ToEquatableArray(), walk.LayerPlans(), walk.Flow.ToEquatableArray(), output.Type, graph.Training, graph.Initializer);
        if (output.Final is { } final && LossOutputRule.Check(graph.Training, output.Type, final) is { } lossError)
        {
            diagnostics.Add(new DiagnosticInfo(lossError.Descriptor, graph.TrainingLocation, lossError.MessageArgs));
            if (lossError.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                plan = GraphPlan.Inert(graph.Shell, diagnostics);
            }
        }

        return new GraphAnalysisResult(plan, diagnostics.ToEquatableArray());
    }

    public static TensorType InputType(InputSpec input) =>
        new(SymbolicShape.Batched(input.Shape.Select(size => size < 0 ? Dim.Unknown : Dim.Of(size))), input.ElementType);

    /// <summary>A tensor's type and, when known, the activation it passed through last (for the loss check).</summary>
    private sealed record TensorValue(TensorType Type, FinalActivation? Final);

    /// <summary>The state of the walk through one body.</summary>
    private sealed class Walk
    {
        private readonly GraphDeclaration _graph;
        private readonly Dictionary<string, TensorValue> _values = new();
        private readonly Dictionary<string, LayerProperty> _layers;
        private readonly Dictionary<string, List<(TensorType Input, TensorType Output)>> _calls = new();

        public Walk(GraphDeclaration graph)
        {
            _graph = graph;
            _layers = graph.Layers.ToDictionary(l => l.Name);
            foreach (var input in graph.Inputs)
            {
                _values[input.Name] = new TensorValue(InputType(input.Spec), null);
            }
        }

        public List<ShapeFlowLine> Flow { get; } = new();

        public DiagnosticInfo? Error { get; private set; }

        public TensorValue? Output { get; private set; }

        /// <summary>Follows one statement; <c>false</c> when it is wrong (see <see cref="Error"/>).</summary>
        public bool Run(GraphStatement statement)
        {
            if (Evaluate(statement.Value) is not { } values)
            {
                return false;
            }

            if (statement.Kind == StatementKind.Return)
            {
                if (values.Count != 1)
                {
                    return Fail(DiagnosticDescriptors.StatementNotFollowed, statement.Location, "a return of both directions", "return one tensor, the model's output");
                }

                Output = values[0];
            }
            else if (statement.Targets.Count != values.Count)
            {
                var what = values.Count == 2 ? "ForwardBoth's two outputs in one variable" : "a deconstruction of one tensor";
                return Fail(DiagnosticDescriptors.StatementNotFollowed, statement.Location, what, "deconstruct ForwardBoth as var (forward, backward) = Layer.ForwardBoth(x)");
            }
            else
            {
                for (var i = 0; i < values.Count; i++)
                {
                    _values[statement.Targets[i]] = values[i];
                }
            }

            Flow.Add(new ShapeFlowLine(statement.Text, string.Join(", ", values.Select(v => v.Type.Shape.ToString()))));
            return true;
        }

        public EquatableArray<GraphLayerPlan> LayerPlans() => _graph.Layers.Select(layer =>
        {
            if (!_calls.TryGetValue(layer.Name, out var calls))
            {
                return new GraphLayerPlan(layer.Name, layer.FieldName, layer.Spec, null, null, EquatableArray<string>.Empty, "");
            }

            var first = calls[0];
            var outputs = calls.Select(c => c.Output.Shape).Distinct().ToList();
            return new GraphLayerPlan(
                layer.Name,
                layer.FieldName,
                layer.Spec,
                first.Input,
                first.Output,
                calls.Select(c => $"{c.Input.Shape} -> {c.Output.Shape}").Distinct().ToEquatableArray(),
                outputs.Count == 1 ? outputs[0].ToKerasString() : "multiple");
        }).ToEquatableArray();

        private IReadOnlyList<TensorValue>? Evaluate(GraphExpression expression)
        {
            switch (expression)
            {
                case InputReference input:
                    return new[] { _values[input.Name] };

                case LocalReference local when _values.TryGetValue(local.Name, out var value):
                    return new[] { value };

                case LocalReference local:
                    Fail(DiagnosticDescriptors.StatementNotFollowed, local.Location, $"'{local.Name}'", "it is not a tensor computed above");
                    return null;

                case Unfollowed problem:
                    Error = new DiagnosticInfo(problem.Descriptor, problem.Location, problem.MessageArgs);
                    return null;

                case LayerCall call:
                    return Call(call);

                case OpCall op:
                    return Op(op);

                default:
                    return null;
            }
        }

        private IReadOnlyList<TensorValue>? Operands(EquatableArray<GraphExpression> expressions, Location? location)
        {
            var values = new List<TensorValue>();
            foreach (var expression in expressions)
            {
                if (Evaluate(expression) is not { } value)
                {
                    return null;
                }

                if (value.Count != 1)
                {
                    Fail(DiagnosticDescriptors.StatementNotFollowed, expression.Location ?? location, "ForwardBoth's two outputs as one tensor", "deconstruct them first: var (forward, backward) = Layer.ForwardBoth(x)");
                    return null;
                }

                values.Add(value[0]);
            }

            return values;
        }

        private IReadOnlyList<TensorValue>? Call(LayerCall call)
        {
            if (Operands(call.Arguments, call.Location) is not { } arguments)
            {
                return null;
            }

            var layer = _layers[call.Property];
            var (outputs, error) = LayerCallRule.Infer(layer, call.Kind, arguments.Select(a => a.Type).ToList());
            if (error is not null)
            {
                Error = new DiagnosticInfo(error.Descriptor, call.Location, error.MessageArgs);
                return null;
            }

            var input = arguments[0].Type;
            if (!_calls.TryGetValue(layer.Name, out var calls))
            {
                _calls[layer.Name] = calls = new List<(TensorType, TensorType)>();
            }
            else if (LayerCallRule.WeightSizingDim(layer.Spec, calls[0].Input) is { } sized && LayerCallRule.WeightSizingDim(layer.Spec, input) is { } given && sized != given)
            {
                Fail(DiagnosticDescriptors.SharedLayerSizeMismatch, call.Location, layer.Name, $"{calls[0].Input.Shape} ({sized} features)", $"{input.Shape} ({given} features)");
                return null;
            }

            calls.Add((input, outputs![0]));
            // A layer without an activation of its own (Dropout) passes its input's on.
            var final = layer.Spec.LayerKind.OutputActivation(layer.Spec) is { } activation ? new FinalActivation(activation, layer.Spec) : arguments[0].Final;
            return outputs.Select(o => new TensorValue(o, final)).ToList();
        }

        /// <summary>The operand and axis counts ModelDsl's <c>Ops</c> overloads have; the shape rules rely on them.</summary>
        private static bool HasArity(OpCall op, int tensors) => op.Op switch
        {
            OpKind.Dot => tensors == 2 && op.Axes.Count is 1 or 2,
            OpKind.Softmax => tensors == 1 && op.Axes.Count == 1,
            OpKind.Concatenate => op.Axes.Count == 1,
            _ => tensors == 2 && op.Axes.Count == 0,
        };

        private IReadOnlyList<TensorValue>? Op(OpCall op)
        {
            if (Operands(op.Operands, op.Location) is not { } operands)
            {
                return null;
            }

            var types = operands.Select(o => o.Type).ToList();
            if (op.Op == OpKind.Concatenate && types.Count < 2)
            {
                Fail(DiagnosticDescriptors.StatementNotFollowed, op.Location, "Ops.Concatenate of fewer than two tensors", "Keras's Concatenate joins two or more");
                return null;
            }

            if (!HasArity(op, types.Count))
            {
                Fail(
                    DiagnosticDescriptors.StatementNotFollowed, op.Location, $"Ops.{op.Op} with {types.Count} tensors and {op.Axes.Count} axes",
                    "it is not a form of ModelDsl's Ops that has a shape rule");
                return null;
            }

            var result = op.Op switch
            {
                OpKind.Dot => OpsDotRule.Infer(op.Axes, types[0], types[1]),
                OpKind.Softmax => OpsSoftmaxRule.Infer(op.Axes[0], types[0]),
                OpKind.Concatenate => OpsConcatenateRule.Infer(op.Axes[0], types),
                _ => OpsAddRule.Infer(types[0], types[1]),
            };

            if (result.Error is { } error)
            {
                Error = new DiagnosticInfo(error.Descriptor, op.Location, error.MessageArgs);
                return null;
            }

            var final = op.Op == OpKind.Softmax ? new FinalActivation(Activation.Softmax, new Layers.ActivationSpec(Activation.Softmax)) : null;
            return new[] { new TensorValue(result.Output!, final) };
        }

        private bool Fail(DiagnosticDescriptor descriptor, Location? location, params string[] args)
        {
            Error = DiagnosticInfo.Create(descriptor, location, args);
            return false;
        }
    }
}
