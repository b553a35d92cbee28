using System.Globalization;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using Abstractions = global::ModelDsl;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// A window (a kernel or a pool) sliding over one axis, and the length Keras gives its output
/// (<c>conv_utils.conv_output_length</c>): <c>"valid"</c> keeps the windows that fit, <c>"same"</c> and <c>"causal"</c>
/// one per stride, then the count is divided by the stride rounding up. An unknown length stays unknown.
/// </summary>
/// <param name="Size">The kernel or pool size.</param>
/// <param name="Strides">The step between windows.</param>
/// <param name="Dilation">The spacing of the taps (1 for pools).</param>
/// <param name="Padding">A Keras padding name.</param>
internal readonly record struct WindowRule(int Size, int Strides, int Dilation, string Padding)
{
    /// <summary>The steps one window reaches over, its taps included.</summary>
    public long Span => ((long)Size - 1) * Dilation + 1;

    /// <summary>
    /// The output of <paramref name="layer"/> sliding this window over the time axis of the sequence <paramref name="input"/>
    /// <c>[B, T, C]</c>: <c>[B, T', channels]</c>, or the input's channels when <paramref name="channels"/> is <c>null</c> (a pool).
    /// </summary>
    public ShapeResult OverTime(LayerSpec layer, LayerInput input, Dim? channels)
    {
        if (Layers.RecurrentLayerKind.CheckSequence(layer, input) is { } notSequence)
        {
            return notSequence;
        }

        var (length, error) = Output(layer, input.Type, axis: 1, "time");
        return error is not null
            ? error
            : new TensorType(SymbolicShape.Batched(new[] { length, channels ?? input.Type.Shape.Last }), ElementType.Float32);
    }

    /// <summary>
    /// The output length along <paramref name="axis"/> of <paramref name="input"/> (called <paramref name="axisName"/> in
    /// messages), or the error of <paramref name="layer"/> when no window fits.
    /// </summary>
    public (Dim Length, ShapeError? Error) Output(LayerSpec layer, TensorType input, int axis, string axisName)
    {
        var length = input.Shape.Dims[axis];
        if (!length.IsKnown)
        {
            return (length, null);
        }

        var positions = Padding == Abstractions.Paddings.Valid ? length.Size - Span + 1 : length.Size;
        if (positions < 1)
        {
            return (length, ShapeError.Create(
                DiagnosticDescriptors.WindowLongerThanInput,
                layer.Display(), input.ToString(), Span.ToString(CultureInfo.InvariantCulture), axisName,
                length.Size.ToString(CultureInfo.InvariantCulture), Padding));
        }

        return (Dim.Of((int)((positions + Strides - 1) / Strides)), null);
    }
}
