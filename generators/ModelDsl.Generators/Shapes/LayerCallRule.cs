using System.Collections.Generic;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// The output of calling a layer property, by the same per-layer rules the sequential models use; a
/// Bidirectional doubles its recurrent layer's units with <c>"concat"</c> and gives both directions from
/// <c>ForwardBoth</c>.
/// </summary>
internal static class LayerCallRule
{
    /// <summary>The outputs (two for <c>ForwardBoth</c>), or the error.</summary>
    public static (IReadOnlyList<TensorType>? Outputs, ShapeError? Error) Infer(LayerProperty layer, LayerCallKind kind, IReadOnlyList<TensorType> inputs)
    {
        var expected = layer.Spec is DotAttentionSpec ? 2 : 1;
        if (inputs.Count != expected)
        {
            return (null, ShapeError.Create(
                DiagnosticDescriptors.StatementNotFollowed, $"this call of '{layer.Name}'",
                $"it passes {Axis.Format(inputs.Count)} tensors, and the generator follows calls with {Axis.Format(expected)}"));
        }

        if (layer.Spec is BidirectionalSpec { Merge: BidirectionalMergeKind.None } && kind == LayerCallKind.Call)
        {
            return (null, ShapeError.Create(DiagnosticDescriptors.BidirectionalWithoutMerge, layer.Name, "call"));
        }

        var result = layer.Spec switch
        {
            EmbeddingSpec embedding => EmbeddingShapeRule.Infer(embedding, new LayerInput(inputs[0], null)),
            RecurrentSpec recurrent => RecurrentShapeRule.Infer(recurrent, new LayerInput(inputs[0], null)),
            BidirectionalSpec bidirectional when kind == LayerCallKind.ForwardBoth =>
                BidirectionalShapeRule.Infer(bidirectional with { Merge = BidirectionalMergeKind.None }, new LayerInput(inputs[0], null)),
            BidirectionalSpec bidirectional => BidirectionalShapeRule.Infer(bidirectional, new LayerInput(inputs[0], null)),
            DenseSpec dense => DenseShapeRule.Infer(dense, new LayerInput(inputs[0], null)),
            DotAttentionSpec attention => DotAttentionShapeRule.Infer(attention, inputs[0], inputs[1]),
            _ => ElementwiseShapeRule.Infer(layer.Spec, new LayerInput(inputs[0], null)),
        };

        if (result.Error is { } error)
        {
            return (null, error);
        }

        var output = result.Output!;
        return (kind == LayerCallKind.ForwardBoth ? new[] { output, output } : new[] { output }, null);
    }

    /// <summary>The input size a layer's weights are built for (the last axis of its first input), <c>null</c> for layers whose weights do not depend on it.</summary>
    public static Dim? WeightSizingDim(LayerSpec spec, TensorType input) =>
        spec is DenseSpec or RecurrentSpec or BidirectionalSpec ? input.Shape.Last : null;

    /// <summary>The activation the layer's output passed through last, for the loss check.</summary>
    public static Activation? FinalActivation(LayerSpec spec) => spec switch
    {
        DenseSpec dense => dense.Activation,
        RecurrentSpec recurrent => recurrent.Activation,
        BidirectionalSpec bidirectional => bidirectional.Layer.Activation,
        _ => null,
    };
}
