using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Layers;
using ModelDsl.Generators.Model;
using Abstractions = global::ModelDsl;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Reads one layer attribute into a <see cref="LayerSpec"/> through its <see cref="LayerKind"/>, and holds the checks the
/// kinds share: sizes, rates and option strings, reported where they are written. A kind returns <c>null</c> (with
/// diagnostics) when the layer is unusable.
/// </summary>
internal sealed class LayerParser
{
    private readonly List<DiagnosticInfo> _diagnostics;

    /// <param name="allowUnmerged">
    /// Whether <c>[Bidirectional(merge: null)]</c>, which yields two tensors, can be used where the layer is declared: in a
    /// graph model (which can take both directions apart), not in a sequential stack.
    /// </param>
    public LayerParser(List<DiagnosticInfo> diagnostics, bool allowUnmerged = false)
    {
        _diagnostics = diagnostics;
        AllowUnmerged = allowUnmerged;
    }

    public bool AllowUnmerged { get; }

    /// <summary>
    /// One layer attribute, and <paramref name="wrapped"/> (the attribute written directly below it) for a kind that
    /// <see cref="LayerKind.WrapsNextAttribute"/>; <c>null</c> for an attribute no kind declares.
    /// </summary>
    public LayerSpec? Parse(AttributeArguments attribute, AttributeArguments? wrapped = null)
    {
        var spec = LayerKinds.ForAttribute(attribute.Class)?.Read(attribute, wrapped, this);
        var named = NameSource(attribute, wrapped);
        if (spec is null || !named.TryGetNamed(nameof(LayerAttribute.Name), out var value) || value.Value is not string name)
        {
            return spec;
        }

        if (!KerasIdentifier.IsMatch(name))
        {
            Report(
                DiagnosticDescriptors.InvalidLayerName, named.NamedArgumentLocation(nameof(LayerAttribute.Name)), name,
                "is not a Keras-style identifier: use letters, digits and underscores, not starting with a digit");
            return null;
        }

        return spec with { Name = name };
    }

    private static readonly System.Text.RegularExpressions.Regex KerasIdentifier = new("^[A-Za-z_][A-Za-z0-9_]*$");

    /// <summary>
    /// The attribute whose <c>Name</c> names the layer: the attribute itself, or, for a wrapper without one
    /// (<c>[Bidirectional] [LSTM(8, Name = "encoder")]</c>), the layer it wraps.
    /// </summary>
    public static AttributeArguments NameSource(AttributeArguments attribute, AttributeArguments? wrapped) =>
        wrapped is not null && !attribute.TryGetNamed(nameof(LayerAttribute.Name), out _) && wrapped.TryGetNamed(nameof(LayerAttribute.Name), out _)
            ? wrapped
            : attribute;

    /// <summary>A named dropout fraction (0 when not set), or <c>null</c> when it is outside [0, 1), which is reported at the argument.</summary>
    public double? RateOption(AttributeArguments attribute, string option, string what)
    {
        if (!attribute.TryGetNamed(option, out var value))
        {
            return 0;
        }

        var rate = value.Value is double number ? number : double.NaN;
        if (rate >= 0 && rate < 1)
        {
            return rate;
        }

        Report(DiagnosticDescriptors.DropoutRateOutOfRange, attribute.NamedArgumentLocation(option), what, rate.ToString("R", CultureInfo.InvariantCulture));
        return null;
    }

    public Activation? ActivationOption(AttributeArguments attribute, string option, string layer, Activation defaultValue, Activation[]? supportedHere = null)
    {
        if (!attribute.TryGetNamed(option, out var value))
        {
            return defaultValue;
        }

        return ActivationByName(value.Value as string, layer, attribute.NamedArgumentLocation(option), supportedHere);
    }

    /// <summary>Maps a Keras activation name; <paramref name="supportedHere"/> narrows what the "not implemented" message lists.</summary>
    public Activation? ActivationByName(string? name, string layer, Location? location, Activation[]? supportedHere = null)
    {
        if (name is null)
        {
            return Activation.Linear; // Keras: activation=None is the identity.
        }

        if (KerasVocabulary.Activations.TryGetValue(name, out var activation))
        {
            return activation;
        }

        if (KerasVocabulary.ActivationsNotYetSupported.Contains(name))
        {
            Report(
                DiagnosticDescriptors.UnsupportedOptionValue, location,
                layer, "activation", name, "ModelDsl does not implement this Keras activation yet",
                KerasVocabulary.List(supportedHere?.Select(a => a.KerasName()) ?? KerasVocabulary.Activations.Keys));
            return null;
        }

        ReportUnknown(nameof(DenseAttribute.Activation), name, KerasVocabulary.Activations.Keys, location);
        return null;
    }

    /// <summary>
    /// A named Keras <c>padding</c> (<c>"valid"</c> when not set), or <c>null</c> when it is unknown or, where
    /// <paramref name="allowCausal"/> is false, <c>"causal"</c>; reported at the argument.
    /// </summary>
    public string? PaddingOption(AttributeArguments attribute, string option, string layer, bool allowCausal)
    {
        if (!attribute.TryGetNamed(option, out var value))
        {
            return Abstractions.Paddings.Valid;
        }

        var location = attribute.NamedArgumentLocation(option);
        var name = value.Value as string ?? "null";
        if (!KerasVocabulary.Paddings.Contains(name))
        {
            ReportUnknown(option, name, allowCausal ? KerasVocabulary.Paddings : KerasVocabulary.Paddings.Where(p => p != Abstractions.Paddings.Causal), location);
            return null;
        }

        if (name == Abstractions.Paddings.Causal && !allowCausal)
        {
            Report(DiagnosticDescriptors.CausalPaddingNotSupported, location, layer);
            return null;
        }

        return name;
    }

    /// <summary>A named positive integer (<paramref name="defaultValue"/> when not set), or <c>null</c> when it is not positive, reported at the argument.</summary>
    public int? PositiveOption(AttributeArguments attribute, string option, string what, int defaultValue)
    {
        if (!attribute.TryGetNamed(option, out var value))
        {
            return defaultValue;
        }

        var number = value.Value is int n ? n : 0;
        if (number > 0)
        {
            return number;
        }

        Report(DiagnosticDescriptors.SizeMustBePositive, attribute.NamedArgumentLocation(option), what, number.ToString(CultureInfo.InvariantCulture));
        return null;
    }

    /// <summary>
    /// Whether an option that only some layers of a kind have is fine here: unset, or set where it <paramref name="applies"/>;
    /// set elsewhere, it is reported at the argument (MDSL0025) with <paramref name="why"/>.
    /// </summary>
    public bool OptionApplies(AttributeArguments attribute, string option, string layer, bool applies, string why)
    {
        if (applies || !attribute.TryGetNamed(option, out _))
        {
            return true;
        }

        Report(DiagnosticDescriptors.OptionNotForThisLayer, attribute.NamedArgumentLocation(option), layer, option, why);
        return false;
    }

    /// <summary>A named string option that must be one of <paramref name="known"/> (as written); an unknown value is reported with a suggestion.</summary>
    public string? NameOption(AttributeArguments attribute, string option, IReadOnlyCollection<string> known, string defaultValue)
    {
        if (!attribute.TryGetNamed(option, out var value))
        {
            return defaultValue;
        }

        if (value.Value is string name && known.Contains(name))
        {
            return name;
        }

        ReportUnknown(option, value.Value as string ?? "null", known, attribute.NamedArgumentLocation(option));
        return null;
    }

    /// <summary>
    /// A named regularizer in Keras's spelling (<c>KernelRegularizer = "l2(1e-4)"</c>): <c>(true, null)</c> when not set or
    /// empty, <c>(false, null)</c> when it is not a regularizer, which is reported at the argument (MDSL0026).
    /// </summary>
    public (bool Valid, RegularizerSpec? Value) RegularizerOption(AttributeArguments attribute, string option, string layer)
    {
        if (!attribute.TryGetNamed(option, out var value) || value.Value is not string text || text.Trim().Length == 0)
        {
            return (true, null);
        }

        if (RegularizerText.Parse(text) is { } regularizer)
        {
            return (true, regularizer);
        }

        Report(DiagnosticDescriptors.InvalidRegularizer, attribute.NamedArgumentLocation(option), $"{layer} {option}", text, RegularizerText.Expected);
        return (false, null);
    }

    public void ReportUnknown(string what, string given, IEnumerable<string> known, Location? location)
    {
        var names = known.ToList();
        var suggestion = DidYouMean.Suggest(given, names);
        var args = new[] { what, given, suggestion is null ? "" : $" (did you mean '{suggestion}'?)", KerasVocabulary.List(names) };
        _diagnostics.Add(new DiagnosticInfo(
            DiagnosticDescriptors.UnknownOptionValue, location, args.ToEquatableArray(),
            suggestion is null ? null : (given, suggestion)));
    }

    /// <summary>Whether the <c>int</c> constructor argument that sets <paramref name="property"/> is positive; reported at it when not.</summary>
    public bool Positive(AttributeArguments attribute, string property, string what)
    {
        var index = attribute.Position(property);
        var value = attribute.Int(index);
        if (value > 0)
        {
            return true;
        }

        Report(DiagnosticDescriptors.SizeMustBePositive, attribute.ConstructorArgumentLocation(index), what, value.ToString(CultureInfo.InvariantCulture));
        return false;
    }

    public void Report(DiagnosticDescriptor descriptor, Location? location, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));
}
