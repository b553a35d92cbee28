using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// SimpleRNN, GRU and LSTM read <c>[B, T, F]</c> and output the last step <c>[B, units]</c>,
/// or every step <c>[B, T, units]</c> with <c>ReturnSequences</c>.
/// </summary>
internal static class RecurrentShapeRule
{
    private const int SequenceRank = 3;

    public static ShapeResult Infer(RecurrentSpec layer, LayerInput input) =>
        CheckSequence(layer, input) is { } error ? error : Output(layer, layer.Units, input.Type);

    /// <summary>
    /// Why <paramref name="layer"/> (a recurrent layer, or a wrapper of one, named so in messages) cannot
    /// read <paramref name="input"/> as a sequence; <c>null</c> when it can.
    /// </summary>
    public static ShapeError? CheckSequence(LayerSpec layer, LayerInput input)
    {
        var type = input.Type;
        if (CommonShapeChecks.RequireFloat(layer, type) is { } notFloat)
        {
            return notFloat;
        }

        if (type.Shape.Rank != SequenceRank)
        {
            if (input.Source is { } source && !source.ReturnsSequences)
            {
                // The stack is right except for the recurrent layer above: say so there, not here.
                return new ShapeError(
                    DiagnosticDescriptors.RecurrentLayerMustReturnSequences,
                    new[] { LayerDisplay.Of(source.Layer), LayerDisplay.Of(layer), type.Shape.ToString(), source.OutputWithSequences().Shape.ToString() }.ToEquatableArray(),
                    ReportAt: source.Index);
            }

            return ShapeError.Create(
                DiagnosticDescriptors.RankMismatch,
                LayerDisplay.Of(layer), "3", "[batch, time, features]", type.Shape.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), type.ToString());
        }

        return CommonShapeChecks.RequireKnownLast(layer, type);
    }

    /// <summary>The output of a layer reading the sequence <paramref name="input"/> with <paramref name="features"/> per output step.</summary>
    public static TensorType Output(RecurrentSpec layer, int features, TensorType input)
    {
        var last = Dim.Of(features);
        var shape = layer.ReturnSequences ? input.Shape.WithLast(last) : input.Shape.Without(1).WithLast(last);
        return new TensorType(shape, ElementType.Float32);
    }
}
