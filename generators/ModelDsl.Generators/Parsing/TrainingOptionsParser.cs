using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>Reads the Keras <c>compile(...)</c> options of <c>[Model(...)]</c>: names checked against Keras's vocabulary, numbers against their ranges.</summary>
internal static class TrainingOptionsParser
{
    public static TrainingSpec Parse(AttributeArguments model, LayerParser names, List<DiagnosticInfo> diagnostics)
    {
        // Loss and optimizer are kept by canonical name (what the rules and the emitted TrainingOptions use), whichever
        // of Keras's spellings the user wrote.
        var loss = Name(model, nameof(ModelAttribute.Loss), KerasVocabulary.Losses, KerasVocabulary.CanonicalLoss, names);
        var optimizer = Name(model, nameof(ModelAttribute.Optimizer), KerasVocabulary.Optimizers, KerasVocabulary.CanonicalOptimizer, names) ?? TrainingSpec.Default.Optimizer;
        var metrics = new List<string>();
        if (model.TryGetNamed(nameof(ModelAttribute.Metrics), out var metricValues) && !metricValues.IsNull)
        {
            foreach (var metric in metricValues.Values.Select(v => v.Value as string ?? "null"))
            {
                if (KerasVocabulary.Metrics.Contains(metric))
                {
                    metrics.Add(metric);
                }
                else
                {
                    names.ReportUnknown("Metric", metric, KerasVocabulary.Metrics, model.NamedArgumentLocation(nameof(ModelAttribute.Metrics)));
                }
            }
        }

        var momentum = Number(model, nameof(ModelAttribute.Momentum), diagnostics, allowZero: true) ?? 0;
        if (momentum != 0 && optimizer is not ("sgd" or "rmsprop"))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedOptionValue, model.NamedArgumentLocation(nameof(ModelAttribute.Momentum)),
                $"Optimizer '{optimizer}'", nameof(ModelAttribute.Momentum), momentum.ToString("R", CultureInfo.InvariantCulture),
                "only sgd and rmsprop take a momentum", "'sgd', 'rmsprop'"));
        }

        var beta1 = OptimizerOption(model, nameof(ModelAttribute.Beta1), optimizer, Decay, "only adam has Keras's beta_1", "'adam'", diagnostics);
        var beta2 = OptimizerOption(model, nameof(ModelAttribute.Beta2), optimizer, Decay, "only adam has Keras's beta_2", "'adam'", diagnostics);
        var epsilon = OptimizerOption(model, nameof(ModelAttribute.Epsilon), optimizer, PositiveNotSgd, "sgd has no epsilon", "'adam', 'rmsprop', 'adagrad'", diagnostics);

        return new TrainingSpec(
            loss,
            model.Bool(nameof(ModelAttribute.FromLogits), false),
            optimizer,
            Number(model, nameof(ModelAttribute.LearningRate), diagnostics, allowZero: false),
            metrics.ToEquatableArray(),
            Number(model, nameof(ModelAttribute.ClipNorm), diagnostics, allowZero: false),
            Number(model, nameof(ModelAttribute.WeightDecay), diagnostics, allowZero: true) ?? 0,
            momentum,
            beta1,
            beta2,
            epsilon);
    }

    private static readonly OptimizerRange Decay = new(n => n >= 0 && n < 1, "in [0, 1)", o => o == "adam");

    private static readonly OptimizerRange Positive = new(n => n > 0, "positive", _ => true);

    private static readonly OptimizerRange PositiveNotSgd = Positive with { TakenBy = o => o != "sgd" };

    /// <summary>What an optimizer-specific number must be, and which optimizers (by canonical name) take it.</summary>
    private sealed record OptimizerRange(Func<double, bool> Valid, string Expected, Func<string, bool> TakenBy);

    /// <summary>
    /// A set option of some optimizers (β, ε): checked as any number (MDSL0015, MDSL0018), then reported at the argument
    /// when the optimizer has no such option (MDSL0011); <c>null</c> when not set or reported.
    /// </summary>
    private static double? OptimizerOption(AttributeArguments model, string option, string optimizer, OptimizerRange range, string why, string takenBy, List<DiagnosticInfo> diagnostics)
    {
        if (Number(model, option, diagnostics, range) is not { } number)
        {
            return null;
        }

        if (range.TakenBy(optimizer))
        {
            return number;
        }

        diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.UnsupportedOptionValue, model.NamedArgumentLocation(option),
            $"Optimizer '{optimizer}'", option, number.ToString("R", CultureInfo.InvariantCulture), why, takenBy));
        return null;
    }

    /// <summary><c>Initializer</c> of <c>[Model]</c>: how the weights start; an unknown name is reported and falls back to the default.</summary>
    public static WeightInitializer ParseInitializer(AttributeArguments model, LayerParser names) =>
        Name(model, nameof(ModelAttribute.Initializer), KerasVocabulary.Initializers.Keys.ToList(), n => KerasVocabulary.Initializers.ContainsKey(n) ? n : null, names) is { } name
            ? KerasVocabulary.Initializers[name]
            : WeightInitializer.Keras;

    /// <summary>The canonical name <paramref name="canonical"/> gives for the option's value; an unknown value is reported against <paramref name="known"/>.</summary>
    private static string? Name(AttributeArguments model, string option, IReadOnlyCollection<string> known, Func<string, string?> canonical, LayerParser names)
    {
        if (!model.TryGetNamed(option, out var value))
        {
            return null;
        }

        var name = value.Value as string;
        if (name is not null && canonical(name) is { } resolved)
        {
            return resolved;
        }

        names.ReportUnknown(option, name ?? "null", known, model.NamedArgumentLocation(option));
        return null;
    }

    /// <summary>A set numeric option, or <c>null</c> when it was not set (or was invalid, which is reported).</summary>
    private static double? Number(AttributeArguments model, string option, List<DiagnosticInfo> diagnostics, bool allowZero) =>
        Number(model, option, diagnostics, allowZero ? ZeroOrPositive : Positive);

    private static readonly OptimizerRange ZeroOrPositive = new(n => n >= 0, "zero or positive", _ => true);

    /// <summary>A set numeric option in <paramref name="range"/>, or <c>null</c> when it was not set (or was invalid, which is reported at it).</summary>
    private static double? Number(AttributeArguments model, string option, List<DiagnosticInfo> diagnostics, OptimizerRange range)
    {
        if (!model.TryGetNamed(option, out var value) || value.Value is not double number)
        {
            return null;
        }

        if (double.IsNaN(number) || double.IsInfinity(number))
        {
            // Emitted as a C# literal, and no optimizer can step with it.
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.OptionNotFinite, model.NamedArgumentLocation(option), option, number.ToString("R", CultureInfo.InvariantCulture)));
            return null;
        }

        if (range.Valid(number))
        {
            return number;
        }

        diagnostics.Add(DiagnosticInfo.Create(
            DiagnosticDescriptors.NumberOutOfRange, model.NamedArgumentLocation(option), option, range.Expected, number.ToString("R", CultureInfo.InvariantCulture)));
        return null;
    }
}
