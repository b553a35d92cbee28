using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Reads one layer attribute into a <see cref="LayerSpec"/>, checking what can be checked without
/// shapes: sizes, rates and option strings. Returns <c>null</c> (with diagnostics) when the layer is unusable.
/// </summary>
internal sealed class LayerParser
{
    private readonly List<DiagnosticInfo> _diagnostics;

    public LayerParser(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

    /// <summary>The layer attributes a sequential model's stack may carry.</summary>
    public static readonly IReadOnlyCollection<System.Type> LayerAttributes = new[]
    {
        typeof(EmbeddingAttribute), typeof(SimpleRNNAttribute), typeof(GRUAttribute), typeof(LSTMAttribute), typeof(BidirectionalAttribute),
        typeof(DenseAttribute), typeof(DropoutAttribute), typeof(FlattenAttribute), typeof(ActivationAttribute),
    };

    /// <summary>
    /// One layer attribute on its own. <c>[Bidirectional]</c> is not a layer on its own (it wraps the
    /// attribute below it) and gives <c>null</c> here without a diagnostic: read it with <see cref="Bidirectional"/>.
    /// </summary>
    public LayerSpec? Parse(AttributeArguments attribute) =>
        attribute.Is(typeof(EmbeddingAttribute)) ? Embedding(attribute)
        : attribute.Is(typeof(SimpleRNNAttribute)) ? Recurrent(attribute, RecurrentKind.SimpleRNN)
        : attribute.Is(typeof(GRUAttribute)) ? Recurrent(attribute, RecurrentKind.GRU)
        : attribute.Is(typeof(LSTMAttribute)) ? Recurrent(attribute, RecurrentKind.LSTM)
        : attribute.Is(typeof(DenseAttribute)) ? Dense(attribute)
        : attribute.Is(typeof(DropoutAttribute)) ? Dropout(attribute)
        : attribute.Is(typeof(FlattenAttribute)) ? new FlattenSpec()
        : attribute.Is(typeof(ActivationAttribute)) ? ActivationLayer(attribute)
        : null;

    private EmbeddingSpec? Embedding(AttributeArguments attribute)
    {
        var inputDim = Positive(attribute, nameof(EmbeddingAttribute.InputDim), "Embedding inputDim (vocabulary size)");
        var outputDim = Positive(attribute, nameof(EmbeddingAttribute.OutputDim), "Embedding outputDim");
        return inputDim && outputDim
            ? new EmbeddingSpec(
                attribute.Int(nameof(EmbeddingAttribute.InputDim)),
                attribute.Int(nameof(EmbeddingAttribute.OutputDim)),
                MaskZero: attribute.Bool(nameof(EmbeddingAttribute.MaskZero), false),
                Trainable: attribute.Bool(nameof(EmbeddingAttribute.Trainable), true))
            : null;
    }

    /// <summary>
    /// <c>[Bidirectional]</c> together with <paramref name="wrapped"/>, the attribute written directly below
    /// it (<c>null</c> when there is none). <paramref name="allowUnmerged"/> says whether <c>merge: null</c>,
    /// which yields two tensors, can be used where the layer is declared (a graph model) or not (a sequential one).
    /// </summary>
    public BidirectionalSpec? Bidirectional(AttributeArguments bidirectional, AttributeArguments? wrapped, bool allowUnmerged)
    {
        if (wrapped is null || !wrapped.IsRecurrent)
        {
            Report(DiagnosticDescriptors.BidirectionalNeedsRecurrentLayer, bidirectional.Location, wrapped is null ? "nothing" : $"[{wrapped.Name}]");
            return null;
        }

        var layer = Parse(wrapped) as RecurrentSpec;
        var merge = Merge(bidirectional, wrapped, layer, allowUnmerged);
        return layer is null || merge is null ? null : new BidirectionalSpec(layer, merge.Value);
    }

    private BidirectionalMergeKind? Merge(AttributeArguments bidirectional, AttributeArguments wrapped, RecurrentSpec? layer, bool allowUnmerged)
    {
        var position = bidirectional.Position(nameof(BidirectionalAttribute.Merge));
        var location = bidirectional.ConstructorArgumentLocation(position);
        if (bidirectional.Constructor(position).Value is not string name)
        {
            if (allowUnmerged)
            {
                return BidirectionalMergeKind.None;
            }

            var shown = layer is null ? wrapped.Name : $"{layer.KerasName}({layer.Units.ToString(CultureInfo.InvariantCulture)})";
            Report(DiagnosticDescriptors.UnmergedBidirectionalInSequentialModel, location, shown, KerasVocabulary.List(KerasVocabulary.Merges.Keys));
            return null;
        }

        if (KerasVocabulary.Merges.TryGetValue(name, out var merge))
        {
            return merge;
        }

        ReportUnknown(nameof(BidirectionalAttribute.Merge), name, KerasVocabulary.Merges.Keys, location);
        return null;
    }

    private RecurrentSpec? Recurrent(AttributeArguments attribute, RecurrentKind kind)
    {
        var units = Positive(attribute, nameof(RecurrentAttribute.Units), $"{kind} units");
        var activation = RecurrentActivation(attribute, kind);
        var dropout = RateOption(attribute, nameof(RecurrentAttribute.Dropout), $"{kind} {nameof(RecurrentAttribute.Dropout)}");
        var recurrentDropout = RateOption(attribute, nameof(RecurrentAttribute.RecurrentDropout), $"{kind} {nameof(RecurrentAttribute.RecurrentDropout)}");
        if (!units || activation is null || dropout is null || recurrentDropout is null)
        {
            return null;
        }

        return new RecurrentSpec(
            kind,
            attribute.Int(nameof(RecurrentAttribute.Units)),
            ReturnSequences: attribute.Bool(nameof(RecurrentAttribute.ReturnSequences), false),
            activation.Value,
            UseBias: attribute.Bool(nameof(RecurrentAttribute.UseBias), true),
            GoBackwards: attribute.Bool(nameof(RecurrentAttribute.GoBackwards), false),
            Dropout: dropout.Value,
            RecurrentDropout: recurrentDropout.Value);
    }

    /// <summary>A named dropout fraction (0 when not set), or <c>null</c> when it is outside [0, 1), which is reported at the argument.</summary>
    private double? RateOption(AttributeArguments attribute, string option, string what)
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

    private DenseSpec? Dense(AttributeArguments attribute)
    {
        var units = Positive(attribute, nameof(DenseAttribute.Units), "Dense units");
        var activation = ActivationOption(attribute, nameof(DenseAttribute.Activation), "Dense", Activation.Linear);
        return units && activation is not null
            ? new DenseSpec(attribute.Int(nameof(DenseAttribute.Units)), activation.Value, attribute.Bool(nameof(DenseAttribute.UseBias), true))
            : null;
    }

    private DropoutSpec? Dropout(AttributeArguments attribute)
    {
        var position = attribute.Position(nameof(DropoutAttribute.Rate));
        var rate = attribute.Constructor(position).Value is double value ? value : double.NaN;
        if (!(rate >= 0 && rate < 1))
        {
            Report(DiagnosticDescriptors.DropoutRateOutOfRange, attribute.ConstructorArgumentLocation(position), "Dropout", rate.ToString("R", CultureInfo.InvariantCulture));
            return null;
        }

        return new DropoutSpec(rate);
    }

    private ActivationSpec? ActivationLayer(AttributeArguments attribute)
    {
        var position = attribute.Position(nameof(ActivationAttribute.Activation));
        var name = attribute.Constructor(position).Value as string;
        var activation = ActivationByName(name, "Activation", attribute.ConstructorArgumentLocation(position));
        return activation is null ? null : new ActivationSpec(activation.Value);
    }

    /// <summary>libtorch's fused kernels fix the recurrent activations: tanh everywhere, relu also for SimpleRNN.</summary>
    private Activation? RecurrentActivation(AttributeArguments attribute, RecurrentKind kind)
    {
        var supported = kind == RecurrentKind.SimpleRNN ? new[] { Activation.Tanh, Activation.Relu } : new[] { Activation.Tanh };
        var activation = ActivationOption(attribute, nameof(RecurrentAttribute.Activation), kind.ToString(), Activation.Tanh, supported);
        if (activation is null)
        {
            return null;
        }

        if (!supported.Contains(activation.Value))
        {
            Report(
                DiagnosticDescriptors.UnsupportedOptionValue,
                attribute.NamedArgumentLocation(nameof(RecurrentAttribute.Activation)),
                kind.ToString(), "activation", activation.Value.KerasName(),
                "libtorch's fused kernel computes its activation itself",
                KerasVocabulary.List(supported.Select(a => a.KerasName())));
            return null;
        }

        return activation;
    }

    private Activation? ActivationOption(AttributeArguments attribute, string option, string layer, Activation defaultValue, Activation[]? supportedHere = null)
    {
        if (!attribute.TryGetNamed(option, out var value))
        {
            return defaultValue;
        }

        return ActivationByName(value.Value as string, layer, attribute.NamedArgumentLocation(option), supportedHere);
    }

    /// <summary>Maps a Keras activation name; <paramref name="supportedHere"/> narrows what the "not implemented" message lists.</summary>
    private Activation? ActivationByName(string? name, string layer, Location? location, Activation[]? supportedHere = null)
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

    public void ReportUnknown(string what, string given, IEnumerable<string> known, Location? location)
    {
        var names = known.ToList();
        var suggestion = DidYouMean.Suggest(given, names);
        var args = new[] { what, given, suggestion is null ? "" : $" (did you mean '{suggestion}'?)", KerasVocabulary.List(names) };
        _diagnostics.Add(new DiagnosticInfo(
            DiagnosticDescriptors.UnknownOptionValue, location, args.ToEquatableArray(),
            suggestion is null ? null : (given, suggestion)));
    }

    private bool Positive(AttributeArguments attribute, string property, string what)
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

    private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));
}
