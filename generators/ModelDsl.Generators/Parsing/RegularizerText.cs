using System.Globalization;
using System.Text.RegularExpressions;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Reads a regularizer as Keras writes it, with the grammar of the runtime's <c>ModelDsl.Layers.Regularizer.Parse</c>
/// (which the netstandard2.0 generator cannot reference): <c>l2(1e-4)</c>, <c>l1(0.01)</c>, <c>l1_l2(l1=0.01, l2=0.01)</c>,
/// <c>l1_l2(0.01, 0.02)</c>, or a bare name with Keras's default factor 0.01; factors are finite and 0 or more.
/// A text it accepts, the runtime accepts with the same factors.
/// </summary>
internal static class RegularizerText
{
    /// <summary>What the messages say is expected.</summary>
    public const string Expected = "l2(factor), l1(factor) or l1_l2(l1=factor, l2=factor) with factors of 0 or more";

    private const double KerasDefaultFactor = 0.01;

    private static readonly Regex Call = new(@"^\s*(l1_l2|l1|l2)\s*(?:\(\s*(.*?)\s*\))?\s*$", RegexOptions.CultureInvariant);

    /// <summary>The regularizer <paramref name="text"/> spells, or <c>null</c> when it is not one.</summary>
    public static RegularizerSpec? Parse(string text)
    {
        var match = Call.Match(text);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups[1].Value;
        var arguments = match.Groups[2].Success && match.Groups[2].Value.Length > 0 ? match.Groups[2].Value.Split(',') : new string[0];
        if (arguments.Length > 2)
        {
            return null;
        }

        var l1 = name == "l2" ? 0 : KerasDefaultFactor;
        var l2 = name == "l1" ? 0 : KerasDefaultFactor;
        for (var i = 0; i < arguments.Length; i++)
        {
            var parts = arguments[i].Split('=');
            var key = parts.Length == 2 ? parts[0].Trim() : name == "l1_l2" ? (i == 0 ? "l1" : "l2") : name;
            if (!TryFactor(parts[parts.Length - 1], out var factor))
            {
                return null;
            }

            if (key == "l1" && name != "l2")
            {
                l1 = factor;
            }
            else if (key == "l2" && name != "l1")
            {
                l2 = factor;
            }
            else
            {
                return null;
            }
        }

        return new RegularizerSpec(l1, l2);
    }

    private static bool TryFactor(string text, out double factor) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out factor) && factor >= 0 && !double.IsInfinity(factor) && !double.IsNaN(factor);
}
