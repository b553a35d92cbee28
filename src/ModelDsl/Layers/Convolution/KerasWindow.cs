using System;
using System.Collections.Generic;

namespace ModelDsl.Layers;

/// <summary>How a 1-D window (a convolution kernel or a pool) slides over the time axis, with Keras's padding rules.</summary>
/// <param name="Size">The window's length (kernel size or pool size).</param>
/// <param name="Strides">The step between windows.</param>
/// <param name="Dilation">The spacing between the window's taps (1 for pools).</param>
/// <param name="Padding"><c>"valid"</c>, <c>"same"</c> or <c>"causal"</c> (causal for convolutions only).</param>
internal readonly record struct KerasWindow(long Size, long Strides, long Dilation, string Padding)
{
    public const string Valid = Paddings.Valid;
    public const string Same = Paddings.Same;
    public const string Causal = Paddings.Causal;

    /// <summary>The window's reach over the input, its taps included: <c>(size - 1) · dilation + 1</c>.</summary>
    public long Span => (Size - 1) * Dilation + 1;

    /// <summary>
    /// Keras's output length (<c>conv_utils.conv_output_length</c>): <c>valid</c> keeps the windows that fit,
    /// <c>same</c> and <c>causal</c> keep one per stride, <c>⌈length / strides⌉</c>. Zero or less when nothing fits.
    /// </summary>
    public long OutputLength(long length)
    {
        var covered = Padding == Valid ? length - Span + 1 : length;
        return covered <= 0 ? covered : (covered + Strides - 1) / Strides;
    }

    /// <summary>
    /// The padding before and after the sequence: none for <c>valid</c>; TensorFlow's <c>SAME</c> split (the odd
    /// element after) for <c>same</c>; everything before for <c>causal</c>, so step t sees only steps ≤ t.
    /// </summary>
    public (long Before, long After) Pads(long length)
    {
        switch (Padding)
        {
            case Same:
                var total = Math.Max((OutputLength(length) - 1) * Strides + Span - length, 0);
                return (total / 2, total - total / 2);
            case Causal:
                return (Span - 1, 0);
            default:
                return (0, 0);
        }
    }

    /// <summary>Throws naming <paramref name="layer"/> when a size is not positive or the padding is not one the layer takes.</summary>
    public void Check(string layer, bool allowCausal)
    {
        if (Size <= 0 || Strides <= 0 || Dilation <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), $"{layer}: window size {Size}, strides {Strides} and dilation {Dilation} must be positive");
        }

        if (Padding is not (Valid or Same) && !(allowCausal && Padding == Causal))
        {
            throw new ArgumentException($"{layer}: unknown padding '{Padding}'; expected {(allowCausal ? "'valid', 'same' or 'causal'" : "'valid' or 'same'")}", nameof(Padding));
        }

        if (Strides > 1 && Dilation > 1)
        {
            throw new ArgumentException($"{layer}: strides {Strides} with dilation rate {Dilation}; Keras allows only one of them above 1", nameof(Strides));
        }
    }

    /// <summary>
    /// The attributes of ONNX's <c>Conv</c> / <c>MaxPool</c> / <c>AveragePool</c> for this window over one axis:
    /// <c>same</c> is explicit pads at stride 1 and <c>SAME_UPPER</c> above (the odd padding step after, as TensorFlow
    /// splits it), <c>causal</c> explicit pads before.
    /// </summary>
    public (string Name, object Value)[] OnnxAttributes(bool convolution)
    {
        var attributes = new List<(string, object)> { ("kernel_shape", new[] { Size }), ("strides", new[] { Strides }) };
        if (convolution)
        {
            attributes.Add(("dilations", new[] { Dilation }));
        }

        switch (Padding)
        {
            case Same when Strides == 1:
                // One step per input step: the padding is the span less one whatever the length (ONNX Runtime's SAME_UPPER
                // refuses dilation, which Keras allows only with stride 1).
                attributes.Add(("pads", new[] { (Span - 1) / 2, Span - 1 - (Span - 1) / 2 }));
                break;
            case Same:
                attributes.Add(("auto_pad", "SAME_UPPER"));
                break;
            case Causal:
                attributes.Add(("pads", new[] { Span - 1, 0L }));
                break;
        }

        return attributes.ToArray();
    }
}
