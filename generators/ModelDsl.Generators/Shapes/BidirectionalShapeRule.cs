using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// <c>Bidirectional</c> reads a sequence as its wrapped layer does and outputs what that layer outputs, with
/// <c>2·units</c> features for <c>concat</c> and <c>units</c> for the element-wise merges. Unmerged (graph
/// models only), each of its two outputs has the shape of the wrapped layer's.
/// </summary>
internal static class BidirectionalShapeRule
{
    public static ShapeResult Infer(BidirectionalSpec layer, LayerInput input) =>
        RecurrentShapeRule.CheckSequence(layer, input) is { } error
            ? error
            : RecurrentShapeRule.Output(layer.Layer, layer.OutputUnits, input.Type);
}
