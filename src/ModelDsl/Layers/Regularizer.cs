using System;
using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras's weight regularizers: a penalty on a layer's weights added to the training loss,
/// <c>l1·Σ|w| + l2·Σw²</c> (coupled: it reaches the weights through the gradient, unlike AdamW's decoupled decay).
/// Written as Keras writes them: <c>"l2(1e-4)"</c>, <c>"l1(0.01)"</c>, <c>"l1_l2(l1=0.01, l2=0.01)"</c>, or the bare
/// names with Keras's default factor 0.01.
/// </summary>
/// <param name="L1">The factor of the sum of absolute values.</param>
/// <param name="L2">The factor of the sum of squares.</param>
public sealed record Regularizer(double L1, double L2)
{
    private static readonly Regex Call = new(@"^\s*(l1_l2|l1|l2)\s*(?:\(\s*(.*?)\s*\))?\s*$", RegexOptions.CultureInvariant);

    /// <summary>Keras's <c>l2(factor)</c>.</summary>
    public static Regularizer OfL2(double factor) => new(0, factor);

    /// <summary>Keras's <c>l1(factor)</c>.</summary>
    public static Regularizer OfL1(double factor) => new(factor, 0);

    /// <summary>Reads Keras's spelling; <see langword="null"/> for <see langword="null"/> or empty text.</summary>
    /// <exception cref="FormatException">The text is not one of the forms above, or a factor is negative or not a number.</exception>
    public static Regularizer? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Call.Match(text);
        if (!match.Success)
        {
            throw Refused(text);
        }

        var name = match.Groups[1].Value;
        var arguments = match.Groups[2].Success && match.Groups[2].Value.Length > 0 ? match.Groups[2].Value.Split(',') : Array.Empty<string>();
        double l1 = name == "l2" ? 0 : 0.01, l2 = name == "l1" ? 0 : 0.01;
        for (var i = 0; i < arguments.Length; i++)
        {
            var parts = arguments[i].Split('=');
            var key = parts.Length == 2 ? parts[0].Trim() : name == "l1_l2" ? (i == 0 ? "l1" : "l2") : name;
            var value = Factor(parts[^1], text);
            switch (key)
            {
                case "l1" when name is "l1" or "l1_l2" && arguments.Length <= 2:
                    l1 = value;
                    break;
                case "l2" when name is "l2" or "l1_l2" && arguments.Length <= 2:
                    l2 = value;
                    break;
                default:
                    throw Refused(text);
            }
        }

        return new Regularizer(l1, l2);
    }

    /// <summary>The penalty for <paramref name="weight"/>, a scalar tensor on its device.</summary>
    public Tensor Penalty(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        using var scope = NewDisposeScope();
        var penalty = zeros(Array.Empty<long>(), dtype: weight.dtype, device: weight.device);
        if (L1 != 0)
        {
            penalty = penalty.add(weight.abs().sum().mul(L1));
        }

        if (L2 != 0)
        {
            penalty = penalty.add(weight.square().sum().mul(L2));
        }

        return penalty.MoveToOuterDisposeScope();
    }

    /// <summary>Keras's spelling of this regularizer, e.g. <c>l2(0.0001)</c>.</summary>
    public override string ToString() => (L1, L2) switch
    {
        (0, var l2) => $"l2({Format(l2)})",
        (var l1, 0) => $"l1({Format(l1)})",
        var (l1, l2) => $"l1_l2(l1={Format(l1)}, l2={Format(l2)})",
    };

    private static double Factor(string text, string whole) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw Refused(whole);

    private static FormatException Refused(string text) =>
        new($"Unknown regularizer '{text}'; expected Keras's l2(factor), l1(factor) or l1_l2(l1=factor, l2=factor) with factors of 0 or more");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
