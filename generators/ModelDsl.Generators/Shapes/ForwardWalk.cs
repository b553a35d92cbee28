using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Layers;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// The state of following one forward pass. Each input has its <c>[Input]</c> type, each local the type of its value,
/// each layer call and <c>Ops</c> call the output its shape rule computes. A value also carries what Keras attaches to a
/// tensor: the activation it passed through last (for the loss check and logits), the recurrent layer it comes from
/// (so a stacking mistake is reported at that layer) and its padding mask. A layer is sized by its first call; a later
/// call with another feature size is reported there. The walk writes the forward pass as it goes (<see cref="Statements"/>).
/// </summary>
internal sealed class ForwardWalk
{
    private readonly ModelDeclaration _graph;
    private readonly Dictionary<string, Value> _values = new();
    private readonly Dictionary<string, LayerProperty> _layers;
    private readonly Dictionary<string, List<(TensorType Input, TensorType Output)>> _calls = new();
    private readonly List<Location?> _callLocations = new();
    private readonly List<MaskState> _masks = new();
    private readonly HashSet<string> _names;
    private readonly List<WalkedStatement> _statements = new();
    private List<(MaskState Mask, ForwardStatement Statement)> _pendingMasks = new();
    private TopCall? _lastCall;

    public ForwardWalk(ModelDeclaration graph)
    {
        _graph = graph;
        _layers = graph.Layers.ToDictionary(l => l.Name);
        foreach (var input in graph.Inputs)
        {
            _values[input.Name] = new Value(ModelInference.InputType(input.Spec), null, null, null, null);
        }

        // Mask variables step around every name the method uses.
        _names = new HashSet<string>(graph.Inputs.Select(i => i.Name).Concat(graph.Body.SelectMany(s => s.Targets)));
    }

    /// <summary>A tensor and what travels with it.</summary>
    /// <param name="Producer">The layer call that computed it, when it is that call's output as is (for the logits path).</param>
    internal sealed record Value(TensorType Type, FinalActivation? Final, RecurrentSource? Source, MaskState? Mask, LayerCallExpression? Producer);

    /// <summary>An embedding's padding mask: where it is computed, whether a layer reads it, and what dropped it if none did.</summary>
    internal sealed class MaskState(string name, string embedding, Location? location)
    {
        public string Name { get; } = name;

        public string Embedding { get; } = embedding;

        public Location? Location { get; } = location;

        public bool Read { get; set; }

        public string? DroppedBy { get; set; }
    }

    /// <summary>A statement that is one layer call on inputs or locals: its comment is the layer's own (what it does to the shape).</summary>
    private sealed record TopCall(LayerCallExpression Call, TensorType Input, TensorType Output);

    private sealed record WalkedStatement(StatementKind Kind, EquatableArray<string> Targets, ForwardExpression Code, string Shape, TopCall? Top, List<(MaskState Mask, ForwardStatement Statement)> Masks);

    public List<ShapeFlowLine> Flow { get; } = new();

    public DiagnosticInfo? Error { get; private set; }

    public Value? Output { get; private set; }

    /// <summary>Follows one statement; <c>false</c> when it is wrong (see <see cref="Error"/>).</summary>
    public bool Run(GraphStatement statement)
    {
        _pendingMasks = new List<(MaskState, ForwardStatement)>();
        _lastCall = null;
        if (Evaluate(statement.Value) is not { } evaluated)
        {
            return false;
        }

        var values = evaluated.Values;
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

        var shape = string.Join(", ", values.Select(v => v.Type.Shape.ToString()));
        var top = statement.Value is LayerCall { Kind: LayerCallKind.Call } call && call.Arguments.All(a => a is InputReference or LocalReference) ? _lastCall : null;
        _statements.Add(new WalkedStatement(statement.Kind, statement.Targets, evaluated.Code, shape, top, _pendingMasks));
        Flow.Add(new ShapeFlowLine(statement.Text, shape));
        return true;
    }

    /// <summary>The forward pass: each statement, after the padding masks computed in it that some layer reads.</summary>
    public EquatableArray<ForwardStatement> Statements(LogitsPlan? logits)
    {
        var result = new List<ForwardStatement>();
        foreach (var statement in _statements)
        {
            result.AddRange(statement.Masks.Where(m => m.Mask.Read).Select(m => m.Statement));
            var comment = statement.Top is { } top ? top.Call.Spec.LayerKind.Comment(top.Call.Spec, top.Input, top.Output, top.Call.Mask is not null) : statement.Shape;
            string? logitsComment = null;
            if (logits is not null && Calls(statement.Code).Any(c => c.Id == logits.CallId))
            {
                var before = $"before the {logits.Activation.KerasName()}";
                logitsComment = statement.Top is { } t && t.Call.Id == logits.CallId ? $"{t.Input.Shape} -> {t.Output.Shape}, {before}" : $"{statement.Shape}, {before}";
            }

            result.Add(new ForwardStatement(statement.Kind, statement.Targets, statement.Code, comment, logitsComment));
        }

        return result.ToEquatableArray();
    }

    /// <summary>A warning for each embedding with <c>MaskZero</c> whose mask no layer reads: padded steps then count like real ones.</summary>
    public IEnumerable<DiagnosticInfo> UnreadMasks() => _masks.Where(m => !m.Read).Select(m => DiagnosticInfo.Create(
        DiagnosticDescriptors.PaddingMaskNotRead, m.Location, m.Embedding, m.DroppedBy ?? "no recurrent layer follows it"));

    public EquatableArray<LayerPlan> LayerPlans() => _graph.Layers.Select(layer =>
    {
        if (!_calls.TryGetValue(layer.Name, out var calls))
        {
            return new LayerPlan(layer.Name, layer.FieldName, layer.Spec, null, null, EquatableArray<string>.Empty, "");
        }

        var first = calls[0];
        var outputs = calls.Select(c => c.Output.Shape).Distinct().ToList();
        return new LayerPlan(
            layer.Name,
            layer.FieldName,
            layer.Spec,
            first.Input,
            first.Output,
            calls.Select(c => $"{c.Input.Shape} -> {c.Output.Shape}").Distinct().ToEquatableArray(),
            outputs.Count == 1 ? outputs[0].ToKerasString() : "multiple");
    }).ToEquatableArray();

    private static IEnumerable<LayerCallExpression> Calls(ForwardExpression expression) => expression switch
    {
        LayerCallExpression call => call.Arguments.SelectMany(Calls).Prepend(call),
        OpExpression op => op.Operands.SelectMany(Calls),
        _ => Enumerable.Empty<LayerCallExpression>(),
    };

    private sealed record Evaluated(IReadOnlyList<Value> Values, ForwardExpression Code);

    private Evaluated? Evaluate(GraphExpression expression)
    {
        switch (expression)
        {
            case InputReference input:
                return new Evaluated(new[] { _values[input.Name] }, new ValueReference(input.Name));

            case LocalReference local when _values.TryGetValue(local.Name, out var value):
                return new Evaluated(new[] { value }, new ValueReference(local.Name));

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

    private (List<Value> Values, List<ForwardExpression> Codes)? Operands(EquatableArray<GraphExpression> expressions, Location? location)
    {
        var values = new List<Value>();
        var codes = new List<ForwardExpression>();
        foreach (var expression in expressions)
        {
            if (Evaluate(expression) is not { } evaluated)
            {
                return null;
            }

            if (evaluated.Values.Count != 1)
            {
                Fail(DiagnosticDescriptors.StatementNotFollowed, expression.Location ?? location, "ForwardBoth's two outputs as one tensor", "deconstruct them first: var (forward, backward) = Layer.ForwardBoth(x)");
                return null;
            }

            values.Add(evaluated.Values[0]);
            codes.Add(evaluated.Code);
        }

        return (values, codes);
    }

    private Evaluated? Call(LayerCall call)
    {
        if (Operands(call.Arguments, call.Location) is not var (arguments, codes))
        {
            return null;
        }

        var layer = _layers[call.Property];
        var spec = layer.Spec;
        var kind = spec.LayerKind;
        var (outputs, error) = LayerCallRule.Infer(layer, call.Kind, arguments.Select(a => new LayerInput(a.Type, a.Source)).ToList());
        if (error is not null)
        {
            Error = new DiagnosticInfo(error.Descriptor, error.ReportAt is { } at ? _callLocations[at] : call.Location, error.MessageArgs);
            return null;
        }

        var input = arguments[0].Type;
        if (!_calls.TryGetValue(layer.Name, out var calls))
        {
            _calls[layer.Name] = calls = new List<(TensorType, TensorType)>();
        }
        else if (LayerCallRule.WeightSizingDim(spec, calls[0].Input) is { } sized && LayerCallRule.WeightSizingDim(spec, input) is { } given && sized != given)
        {
            Fail(DiagnosticDescriptors.SharedLayerSizeMismatch, call.Location, layer.Name, $"{calls[0].Input.Shape} ({sized} features)", $"{input.Shape} ({given} features)");
            return null;
        }

        calls.Add((input, outputs![0]));
        var id = _callLocations.Count;
        _callLocations.Add(call.Location);

        var (readMask, outputMask) = Masks(call, spec, arguments, codes, outputs[0]);
        var code = new LayerCallExpression(id, layer.FieldName, spec, call.Kind, codes.ToEquatableArray(), readMask?.Name);
        _lastCall = new TopCall(code, input, outputs[0]);

        // A layer without an activation of its own (Dropout) passes its input's on.
        var final = kind.OutputActivation(spec) is { } activation ? new FinalActivation(activation, spec) : arguments[0].Final;
        var source = arguments.Count == 1 ? kind.SourceAfter(spec, id, new LayerInput(input, arguments[0].Source)) : null;
        var producer = call.Kind == LayerCallKind.Call ? code : null;
        return new Evaluated(outputs.Select(o => new Value(o, final, source, outputMask, producer)).ToList(), code);
    }

    /// <summary>
    /// Keras's mask propagation: an embedding with <c>MaskZero</c> makes a mask of its ids; a layer that reads masks skips
    /// the padded steps; a layer that keeps the time axis passes the mask on; any other layer ends it.
    /// </summary>
    private (MaskState? Read, MaskState? Output) Masks(LayerCall call, LayerSpec spec, List<Value> arguments, List<ForwardExpression> codes, TensorType output)
    {
        var kind = spec.LayerKind;
        var incoming = arguments.Count == 1 ? arguments[0].Mask : null;
        var use = kind.Mask(spec, output);
        var read = incoming is not null && use.HasFlag(MaskUse.Reads) ? incoming : null;
        if (read is not null)
        {
            read.Read = true;
        }

        if (use.HasFlag(MaskUse.Computes) && codes[0] is ValueReference)
        {
            var name = "mask";
            for (var i = 2; !_names.Add(name); i++)
            {
                name = "mask_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var mask = new MaskState(name, spec.Display(), call.Location);
            _masks.Add(mask);
            var field = _layers[call.Property].FieldName;
            _pendingMasks.Add((mask, new ForwardStatement(
                StatementKind.Declare, new[] { name }.ToEquatableArray(), new MaskExpression(field, codes[0]), $"{arguments[0].Type.Shape} bool, id 0 is padding")));
            return (read, mask);
        }

        if (incoming is null || use.HasFlag(MaskUse.Passes))
        {
            return (read, incoming);
        }

        if (read is null)
        {
            incoming.DroppedBy ??= use.HasFlag(MaskUse.Stops)
                ? $"{spec.Display()} cannot carry it: Keras's convolutions and local pools do not support masking"
                : $"{spec.Display()} drops the time axis before any recurrent layer";
        }

        return (read, null);
    }

    /// <summary>The operand and axis counts ModelDsl's <c>Ops</c> overloads have; the shape rules rely on them.</summary>
    private static bool HasArity(OpCall op, int tensors) => op.Op switch
    {
        OpKind.Dot => tensors == 2 && op.Axes.Count is 1 or 2,
        OpKind.Softmax => tensors == 1 && op.Axes.Count == 1,
        OpKind.Concatenate => op.Axes.Count == 1,
        _ => tensors == 2 && op.Axes.Count == 0,
    };

    private Evaluated? Op(OpCall op)
    {
        if (Operands(op.Operands, op.Location) is not var (operands, codes))
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

        // Ops do not carry masks (Keras's merge layers would combine them): a mask not read by then is reported unread.
        foreach (var operand in operands.Where(o => o.Mask is { Read: false }))
        {
            operand.Mask!.DroppedBy ??= $"Ops.{op.Op} does not pass it on to a recurrent layer";
        }

        var final = op.Op == OpKind.Softmax ? new FinalActivation(Activation.Softmax, new Layers.ActivationSpec(Activation.Softmax)) : null;
        return new Evaluated(new[] { new Value(result.Output!, final, null, null, null) }, new OpExpression(op.Op, codes.ToEquatableArray(), op.Axes));
    }

    private bool Fail(DiagnosticDescriptor descriptor, Location? location, params string[] args)
    {
        Error = DiagnosticInfo.Create(descriptor, location, args);
        return false;
    }
}
