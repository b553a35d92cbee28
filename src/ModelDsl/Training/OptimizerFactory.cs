using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// Builds the TorchSharp optimizer for a Keras optimizer name, with Keras's defaults where they differ from torch's.
/// <list type="table">
/// <item><term><c>adam</c></term><description>
/// lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7 (torch: 1e-8), each settable (<see cref="TrainingOptions.Beta1"/>,
/// <see cref="TrainingOptions.Beta2"/>, <see cref="TrainingOptions.Epsilon"/>). torch adds ε to <c>sqrt(v̂)</c> after bias correction, Keras to
/// <c>sqrt(v)</c> before it (ε-hat); with ε = 1e-7 the difference is far below float32 noise after the first steps.
/// <see cref="TrainingOptions.WeightDecay"/> &gt; 0 selects torch's AdamW: decoupled decay <c>w -= lr·decay·w</c>,
/// which is what Keras's optimizer <c>weight_decay</c> does.
/// </description></item>
/// <item><term><c>rmsprop</c></term><description>
/// lr 0.001 (torch: 0.01), ρ 0.9 → torch's <c>alpha</c> (torch: 0.99), ε 1e-7 (torch: 1e-8), not centered,
/// <see cref="TrainingOptions.Momentum"/>. ε is added outside the square root, as torch does and as Keras does
/// without momentum (tf.keras 2.x's fused momentum kernel adds it inside: <c>sqrt(ms + ε)</c>; at 1e-7 this only matters
/// for gradients near zero). Momentum is torch's <c>buf = m·buf + g/(√ms + ε); w -= lr·buf</c>, equal to Keras's
/// <c>mom = m·mom + lr·g/(√ms + ε)</c> for a constant learning rate. Weight decay: torch's L2 term on the gradient.
/// </description></item>
/// <item><term><c>sgd</c></term><description>
/// lr 0.01, <see cref="TrainingOptions.Momentum"/> (no dampening, no Nesterov). torch's
/// <c>v = m·v + g; w -= lr·v</c> equals Keras's <c>v = m·v − lr·g; w += v</c> for a constant learning rate.
/// Weight decay: torch's L2 term on the gradient.
/// </description></item>
/// <item><term><c>adagrad</c></term><description>
/// lr 0.001 (torch: 0.01), initial accumulator 0.1 (torch: 0), ε 1e-7 (torch: 1e-10), no learning-rate decay;
/// <c>w -= lr·g/(√acc + ε)</c> as in both libraries. Weight decay: torch's L2 term on the gradient.
/// </description></item>
/// </list>
/// </summary>
public static class OptimizerFactory
{
    /// <summary>Adam.</summary>
    public const string Adam = "adam";

    /// <summary>RMSprop, Keras's default optimizer.</summary>
    public const string RmsProp = "rmsprop";

    /// <summary>Stochastic gradient descent.</summary>
    public const string Sgd = "sgd";

    /// <summary>Adagrad.</summary>
    public const string Adagrad = "adagrad";

    /// <summary>Keras's ε for every optimizer here (<c>backend.epsilon()</c>).</summary>
    public const double KerasEpsilon = 1e-7;

    /// <summary>Keras's Adam β₁.</summary>
    public const double AdamBeta1 = 0.9;

    /// <summary>Keras's Adam β₂.</summary>
    public const double AdamBeta2 = 0.999;

    /// <summary>Keras's initial Adagrad accumulator value.</summary>
    public const double AdagradInitialAccumulator = 0.1;

    /// <summary>Keras's RMSprop discounting factor ρ (torch's <c>alpha</c>).</summary>
    public const double RmsPropRho = 0.9;

    /// <summary>The optimizer names accepted, in any case (Keras's <c>RMSprop</c> is <c>rmsprop</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Adam, RmsProp, Sgd, Adagrad };

    /// <summary>Keras's default learning rate for <paramref name="optimizer"/>: 0.01 for <c>sgd</c>, 0.001 for the others.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static double DefaultLearningRate(string optimizer) => Canonical(optimizer) == Sgd ? 0.01 : 0.001;

    /// <summary>Creates the optimizer <paramref name="options"/> names over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">An unknown optimizer or an out-of-range setting; the message names it and what is allowed.</exception>
    public static optim.Optimizer Create(TrainingOptions options, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        Validate(options);
        var name = Canonical(options.Optimizer);
        var lr = options.LearningRate ?? DefaultLearningRate(name);
        var decay = options.WeightDecay;
        var (beta1, beta2, eps) = (options.Beta1 ?? AdamBeta1, options.Beta2 ?? AdamBeta2, options.Epsilon ?? KerasEpsilon);
        return name switch
        {
            Adam when decay > 0 => optim.AdamW(parameters, lr, beta1: beta1, beta2: beta2, eps: eps, weight_decay: decay),
            Adam => optim.Adam(parameters, lr, beta1: beta1, beta2: beta2, eps: eps),
            RmsProp => optim.RMSProp(parameters, lr, alpha: RmsPropRho, eps: eps, weight_decay: decay, momentum: options.Momentum),
            Sgd => optim.SGD(parameters, lr, momentum: options.Momentum, weight_decay: decay),
            _ => optim.Adagrad(parameters, lr, weight_decay: decay, initial_accumulator_value: AdagradInitialAccumulator, eps: eps),
        };
    }

    internal static void Validate(TrainingOptions options)
    {
        var name = Canonical(options.Optimizer);
        if (options.LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr)))
        {
            throw new ArgumentException($"LearningRate must be a positive number, got {TrainingOptions.Format(lr)}.", nameof(options));
        }

        if (options.ClipNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
        {
            throw new ArgumentException($"ClipNorm must be a positive number when set, got {TrainingOptions.Format(clip)}.", nameof(options));
        }

        if (!(options.WeightDecay >= 0 && double.IsFinite(options.WeightDecay)))
        {
            throw new ArgumentException($"WeightDecay must be 0 or more, got {TrainingOptions.Format(options.WeightDecay)}.", nameof(options));
        }

        if (!(options.Momentum >= 0 && options.Momentum <= 1))
        {
            throw new ArgumentException($"Momentum must be in [0, 1], got {TrainingOptions.Format(options.Momentum)}.", nameof(options));
        }

        foreach (var (label, beta) in new[] { ("Beta1", options.Beta1), ("Beta2", options.Beta2) })
        {
            if (beta is { } value && !(value >= 0 && value < 1))
            {
                throw new ArgumentException($"{label} must be in [0, 1), got {TrainingOptions.Format(value)}.", nameof(options));
            }

            if (beta is not null && name != Adam)
            {
                throw new ArgumentException($"{label} applies to '{Adam}' only, not '{name}'.", nameof(options));
            }
        }

        if (options.Epsilon is { } epsilon && !(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new ArgumentException($"Epsilon must be a positive number when set, got {TrainingOptions.Format(epsilon)}.", nameof(options));
        }

        if (options.Epsilon is not null && name == Sgd)
        {
            throw new ArgumentException($"Epsilon applies to '{Adam}', '{RmsProp}' and '{Adagrad}', not '{Sgd}'.", nameof(options));
        }

        if (options.Momentum != 0 && name is not (Sgd or RmsProp))
        {
            throw new ArgumentException(
                $"Momentum applies to '{Sgd}' and '{RmsProp}' only, not '{name}' (got {TrainingOptions.Format(options.Momentum)}).", nameof(options));
        }
    }

    /// <summary>
    /// The canonical (lower-case) name of <paramref name="optimizer"/>. Like Keras's <c>optimizers.get</c>, which
    /// lower-cases the names of its built-in optimizers, any case is accepted: <c>RMSprop</c>, <c>Adam</c>, <c>SGD</c>.
    /// </summary>
    internal static string Canonical(string optimizer)
    {
        if (optimizer is not null && Names.FirstOrDefault(n => string.Equals(n, optimizer, StringComparison.OrdinalIgnoreCase)) is { } name)
        {
            return name;
        }

        throw new ArgumentException(
            $"Unknown optimizer '{optimizer}'; allowed: {string.Join(", ", Names.Select(n => $"'{n}'"))}.", nameof(optimizer));
    }
}
