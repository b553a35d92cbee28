using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// The output of calling a layer property, by the layer kind's shape rule (the one sequential models use); a
/// Bidirectional gives both directions from <c>ForwardBoth</c>.
/// </summary>
internal static class LayerCallRule
{
    /// <summary>The outputs (two for <c>ForwardBoth</c>), or the error.</summary>
    public static (IReadOnlyList<TensorType>? Outputs, ShapeError? Error) Infer(LayerProperty layer, LayerCallKind kind, IReadOnlyList<LayerInput> inputs)
    {
        var expected = layer.Spec.LayerKind.Arity;
        if (inputs.Count != expected)
        {
            return (null, ShapeError.Create(
                DiagnosticDescriptors.StatementNotFollowed, $"this call of '{layer.Name}'",
                $"it passes {Axis.Format(inputs.Count)} tensors, and the generator follows calls with {Axis.Format(expected)}"));
        }

        var (spec, callError) = layer.Spec.LayerKind.AsCalled(layer.Spec, kind, layer.Name);
        if (callError is not null)
        {
            return (null, callError);
        }

        var result = spec.LayerKind.Infer(spec, inputs);
        if (result.Error is { } error)
        {
            return (null, error);
        }

        var output = result.Output!;
        return (kind == LayerCallKind.ForwardBoth ? new[] { output, output } : new[] { output }, null);
    }

    /// <summary>The input size a layer's weights are built for (the last axis of its first input), <c>null</c> for layers whose weights do not depend on it.</summary>
    public static Dim? WeightSizingDim(LayerSpec spec, TensorType input) => spec.LayerKind.WeightSizingDim(spec, input);
}
