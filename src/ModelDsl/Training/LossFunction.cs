using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// A Keras loss: the mean over the batch (and over time steps, for sequence outputs) of a per-example loss,
/// computed the way tf.keras 2.x computes it. Create one with <see cref="Create"/>.
/// </summary>
public abstract class LossFunction
{
    /// <summary>Keras's <c>backend.epsilon()</c>, 1e-7: probabilities are clipped to [ε, 1 − ε] before their log is taken.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether the model's output is logits (Keras's <c>from_logits</c>).</param>
    protected LossFunction(bool fromLogits) => FromLogits = fromLogits;

    /// <summary>The names <see cref="Create"/> accepts, canonical first: the four Keras losses.</summary>
    public static IReadOnlyList<string> Names { get; } = new[]
    {
        BinaryCrossentropyLoss.KerasName,
        CategoricalCrossentropyLoss.KerasName,
        SparseCategoricalCrossentropyLoss.KerasName,
        MeanSquaredErrorLoss.KerasName,
    };

    /// <summary>The Keras name, e.g. <c>binary_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the output is read as logits.</summary>
    public bool FromLogits { get; }

    /// <summary>
    /// The loss by any of Keras's names for it (<see cref="Names"/>, the class names such as <c>BinaryCrossentropy</c>,
    /// and <c>mean_squared_error</c>, <c>MSE</c>, <c>MeanSquaredError</c> for <c>mse</c>), case-sensitive as in Keras.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>; the message lists them.</exception>
    public static LossFunction Create(string name, bool fromLogits = false) => Canonical(name) switch
    {
        BinaryCrossentropyLoss.KerasName => new BinaryCrossentropyLoss(fromLogits),
        CategoricalCrossentropyLoss.KerasName => new CategoricalCrossentropyLoss(fromLogits),
        SparseCategoricalCrossentropyLoss.KerasName => new SparseCategoricalCrossentropyLoss(fromLogits),
        _ => new MeanSquaredErrorLoss(),
    };

    // What Keras's losses.get resolves to each loss here: the function, its aliases and the class name.
    private static readonly Dictionary<string, string> KerasSpellings = new(StringComparer.Ordinal)
    {
        [BinaryCrossentropyLoss.KerasName] = BinaryCrossentropyLoss.KerasName,
        ["BinaryCrossentropy"] = BinaryCrossentropyLoss.KerasName,
        [CategoricalCrossentropyLoss.KerasName] = CategoricalCrossentropyLoss.KerasName,
        ["CategoricalCrossentropy"] = CategoricalCrossentropyLoss.KerasName,
        [SparseCategoricalCrossentropyLoss.KerasName] = SparseCategoricalCrossentropyLoss.KerasName,
        ["SparseCategoricalCrossentropy"] = SparseCategoricalCrossentropyLoss.KerasName,
        [MeanSquaredErrorLoss.KerasName] = MeanSquaredErrorLoss.KerasName,
        ["MSE"] = MeanSquaredErrorLoss.KerasName,
        ["mean_squared_error"] = MeanSquaredErrorLoss.KerasName,
        ["MeanSquaredError"] = MeanSquaredErrorLoss.KerasName,
    };

    internal static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (KerasSpellings.TryGetValue(name, out var canonical))
        {
            return canonical;
        }

        throw new ArgumentException(
            $"Unknown loss '{name}'; allowed: {string.Join(", ", Names.Select(n => $"'{n}'"))}.", nameof(name));
    }

    /// <summary>
    /// The mean loss of a batch as a scalar float32 tensor that keeps the graph to <paramref name="output"/>.
    /// Integer targets are cast to the output's type (and floating targets to int64 for the sparse loss), as Keras casts <c>y_true</c>.
    /// </summary>
    /// <param name="output">What the model returned for the batch, <c>[B, …]</c>.</param>
    /// <param name="target">The targets for the batch, <c>[B, …]</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not fit; the message names the loss and both shapes.</exception>
    public Tensor Compute(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        using var scope = NewDisposeScope();
        return ComputeCore(output, target).MoveToOuterDisposeScope();
    }

    /// <summary>Computes the loss after <see cref="Compute"/> has checked for nulls; temporaries are disposed by the caller's scope.</summary>
    protected abstract Tensor ComputeCore(Tensor output, Tensor target);

    /// <summary>An <see cref="ArgumentException"/> naming this loss, the output's and the target's shape and what was expected.</summary>
    protected internal ArgumentException ShapeMismatch(Tensor output, Tensor target, string expected) =>
        new($"{Name}: the model's output has shape {Shape(output)} but the target has shape {Shape(target)}; expected {expected}.");

    internal static string Shape(Tensor t) => Shape(t.shape);

    internal static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>
    /// The target as a floating tensor of exactly the output's shape. A target without the output's trailing
    /// dimension of size 1 (<c>[B]</c> for <c>[B, 1]</c>) is reshaped, as Keras's squeeze-or-expand does.
    /// </summary>
    protected Tensor DenseTarget(Tensor output, Tensor target, bool allowMissingUnitAxis)
    {
        var fits = SameShape(output.shape, target.shape)
            || (allowMissingUnitAxis && output.Dimensions >= 2 && output.shape[^1] == 1
                && SameShape(output.shape[..^1], target.shape));
        if (!fits)
        {
            var expected = Shape(output) + (allowMissingUnitAxis && output.Dimensions >= 2 && output.shape[^1] == 1
                ? $" (or {Shape(output.shape[..^1])})"
                : string.Empty);
            throw ShapeMismatch(output, target, expected);
        }

        var t = target.dtype == output.dtype ? target : target.to_type(output.dtype);
        return t.Dimensions == output.Dimensions ? t : t.reshape(output.shape);
    }

    internal static bool SameShape(long[] a, long[] b) => a.AsSpan().SequenceEqual(b);
}

/// <summary>
/// Keras's <c>binary_crossentropy</c>. On probabilities (tf.keras 2.x <c>backend.binary_crossentropy</c>):
/// <c>p = clip(p, ε, 1 − ε)</c>, then <c>−(y·log(p + ε) + (1 − y)·log(1 − p + ε))</c>, averaged.
/// With <c>FromLogits</c>: the numerically stable sigmoid cross-entropy on logits, averaged.
/// </summary>
/// <remarks>
/// Inside a compiled tf.keras graph, a sigmoid output layer is silently unwrapped to its logits; a TorchSharp
/// module cannot see that, so probabilities are always clipped as the eager Keras code does.
/// </remarks>
public sealed class BinaryCrossentropyLoss : LossFunction
{
    /// <summary><c>binary_crossentropy</c>.</summary>
    public const string KerasName = "binary_crossentropy";

    /// <summary>Creates the loss.</summary>
    public BinaryCrossentropyLoss(bool fromLogits = false)
        : base(fromLogits)
    {
    }

    /// <inheritdoc/>
    public override string Name => KerasName;

    /// <inheritdoc/>
    protected override Tensor ComputeCore(Tensor output, Tensor target)
    {
        var y = DenseTarget(output, target, allowMissingUnitAxis: true);
        if (FromLogits)
        {
            return nn.functional.binary_cross_entropy_with_logits(output, y);
        }

        // −mean(y·log(p + ε) + (1 − y)·log(1 − p + ε)) written as a lerp between the two logs: the same value
        // (exactly, for 0/1 targets, since lerp returns its end points) in 9 small ops instead of 12 per step.
        var p = output.clamp(Epsilon, 1 - Epsilon);
        var logNegative = (1 - p + Epsilon).log();
        var logPositive = (p + Epsilon).log();
        return logNegative.lerp(logPositive, y).mean().neg();
    }
}

/// <summary>
/// Keras's <c>categorical_crossentropy</c> for one-hot (or soft) targets of the output's shape. On probabilities
/// (tf.keras 2.x): normalize by the sum over the last axis, clip to [ε, 1 − ε], <c>−Σ y·log p</c> over the last axis,
/// then the mean over the batch (and time steps). With <c>FromLogits</c>: <c>−Σ y·log_softmax(z)</c>, averaged.
/// </summary>
public sealed class CategoricalCrossentropyLoss : LossFunction
{
    /// <summary><c>categorical_crossentropy</c>.</summary>
    public const string KerasName = "categorical_crossentropy";

    /// <summary>Creates the loss.</summary>
    public CategoricalCrossentropyLoss(bool fromLogits = false)
        : base(fromLogits)
    {
    }

    /// <inheritdoc/>
    public override string Name => KerasName;

    /// <inheritdoc/>
    protected override Tensor ComputeCore(Tensor output, Tensor target)
    {
        if (output.Dimensions < 2)
        {
            throw ShapeMismatch(output, target, "an output of at least [batch, classes] and a one-hot target of the same shape");
        }

        var y = DenseTarget(output, target, allowMissingUnitAxis: false);
        Tensor logProbabilities;
        if (FromLogits)
        {
            logProbabilities = nn.functional.log_softmax(output, -1);
        }
        else
        {
            var p = output / output.sum(-1, keepdim: true);
            logProbabilities = p.clamp(Epsilon, 1 - Epsilon).log();
        }

        return (y * logProbabilities).sum(-1).neg().mean();
    }
}

/// <summary>
/// Keras's <c>sparse_categorical_crossentropy</c>: integer class ids <c>[B]</c> for an output <c>[B, C]</c>, or
/// <c>[B, T]</c> for <c>[B, T, C]</c> (a trailing axis of 1 is accepted too); every position is flattened into one batch
/// and the mean is taken over all of them. On probabilities (tf.keras 2.x): <c>log(clip(p, ε, 1 − ε))</c> is fed to
/// softmax cross-entropy, which is <c>−log p[y]</c> when the probabilities sum to 1. With <c>FromLogits</c>: torch's
/// <c>cross_entropy</c> on the logits.
/// </summary>
public sealed class SparseCategoricalCrossentropyLoss : LossFunction
{
    /// <summary><c>sparse_categorical_crossentropy</c>.</summary>
    public const string KerasName = "sparse_categorical_crossentropy";

    /// <summary>Creates the loss.</summary>
    public SparseCategoricalCrossentropyLoss(bool fromLogits = false)
        : base(fromLogits)
    {
    }

    /// <inheritdoc/>
    public override string Name => KerasName;

    /// <inheritdoc/>
    protected override Tensor ComputeCore(Tensor output, Tensor target)
    {
        var ids = ClassIds(this, output, target);
        var classes = output.shape[^1];
        var logits = FromLogits ? output : output.clamp(Epsilon, 1 - Epsilon).log();
        return nn.functional.cross_entropy(logits.reshape(-1, classes), ids.reshape(-1));
    }

    /// <summary>The targets as int64 class ids of shape <c>output.shape[..^1]</c>, after checking the shapes.</summary>
    internal static Tensor ClassIds(LossFunction loss, Tensor output, Tensor target)
    {
        var leading = output.Dimensions >= 2 ? output.shape[..^1] : Array.Empty<long>();
        var fits = output.Dimensions >= 2
            && (SameShape(leading, target.shape)
                || (target.Dimensions == output.Dimensions && target.shape[^1] == 1 && SameShape(leading, target.shape[..^1])));
        if (!fits)
        {
            throw loss.ShapeMismatch(output, target,
                output.Dimensions >= 2
                    ? $"integer class ids of shape {Shape(leading)}"
                    : "an output of at least [batch, classes]");
        }

        var ids = target.dtype == ScalarType.Int64 ? target : target.to_type(ScalarType.Int64);
        return ids.Dimensions == leading.Length ? ids : ids.reshape(leading);
    }
}

/// <summary>Keras's <c>mse</c>: the mean of <c>(output − target)²</c> over every element.</summary>
public sealed class MeanSquaredErrorLoss : LossFunction
{
    /// <summary><c>mse</c>.</summary>
    public const string KerasName = "mse";

    /// <summary>Creates the loss.</summary>
    public MeanSquaredErrorLoss()
        : base(fromLogits: false)
    {
    }

    /// <inheritdoc/>
    public override string Name => KerasName;

    /// <inheritdoc/>
    protected override Tensor ComputeCore(Tensor output, Tensor target)
    {
        var y = DenseTarget(output, target, allowMissingUnitAxis: true);
        return (output - y).square().mean();
    }
}
