using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>Which accuracy Keras's <c>"accuracy"</c> string stands for.</summary>
public enum AccuracyKind
{
    /// <summary><c>binary_accuracy</c>: the output above a threshold equals the 0/1 target, per element.</summary>
    Binary,

    /// <summary><c>categorical_accuracy</c>: argmax of the output equals argmax of the one-hot target.</summary>
    Categorical,

    /// <summary><c>sparse_categorical_accuracy</c>: argmax of the output equals the integer target (per time step too).</summary>
    SparseCategorical,

    /// <summary>
    /// Chosen per batch from the shapes, as tf.keras 2.x does when the loss says nothing (<c>mse</c>): an output whose
    /// last axis is 1 is binary, a target of lower rank (or a trailing axis of 1 against several classes) is sparse,
    /// anything else categorical.
    /// </summary>
    FromShapes,
}

/// <summary>
/// Keras's <c>"accuracy"</c> metric. Epoch values are running means over every scored element of the epoch
/// (one per example, or one per time step), so a short last batch counts by its size, exactly like Keras's
/// <c>MeanMetricWrapper</c>.
/// </summary>
public sealed class AccuracyMetric
{
    /// <summary>Creates an accuracy of the given kind.</summary>
    /// <param name="kind">The variant.</param>
    /// <param name="threshold">For <see cref="AccuracyKind.Binary"/>: an output strictly above this counts as 1.</param>
    /// <param name="name">The log key, <c>accuracy</c> (or <c>acc</c>) as the user wrote it.</param>
    public AccuracyMetric(AccuracyKind kind, double threshold = 0.5, string name = "accuracy")
    {
        Kind = kind;
        Threshold = threshold;
        Name = name;
    }

    /// <summary>The metric names accepted in <see cref="TrainingOptions.Metrics"/>: <c>accuracy</c> and Keras's alias <c>acc</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "accuracy", "acc" };

    /// <summary>The variant.</summary>
    public AccuracyKind Kind { get; }

    /// <summary>The binary threshold: 0.5 on probabilities, 0 on logits.</summary>
    public double Threshold { get; }

    /// <summary>The log key (<c>accuracy</c>; the validation value is logged as <c>val_accuracy</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The accuracy that goes with <paramref name="loss"/>, as Keras resolves the string <c>"accuracy"</c>:
    /// <c>binary_crossentropy</c> → binary (threshold 0.5 on probabilities; 0 on logits, where Keras would still use
    /// 0.5 — a deliberate fix), <c>categorical_crossentropy</c> → categorical,
    /// <c>sparse_categorical_crossentropy</c> → sparse categorical, <c>mse</c> → <see cref="AccuracyKind.FromShapes"/>.
    /// </summary>
    public static AccuracyMetric ForLoss(LossFunction loss, string name = "accuracy")
    {
        ArgumentNullException.ThrowIfNull(loss);
        return loss switch
        {
            BinaryCrossentropyLoss => new AccuracyMetric(AccuracyKind.Binary, loss.FromLogits ? 0 : 0.5, name),
            CategoricalCrossentropyLoss => new AccuracyMetric(AccuracyKind.Categorical, name: name),
            SparseCategoricalCrossentropyLoss => new AccuracyMetric(AccuracyKind.SparseCategorical, name: name),
            _ => new AccuracyMetric(AccuracyKind.FromShapes, name: name),
        };
    }

    /// <summary>
    /// 1 where the prediction is right and 0 where it is wrong, as float32, one element per scored position:
    /// the output's shape for binary, the output's shape without the class axis otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The target's shape does not fit the output's.</exception>
    public Tensor Matches(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        using var scope = NewDisposeScope();
        return MatchesCore(output, target).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The number of right predictions as a tensor (nothing is read back, so a training step need not wait for it)
    /// and the number of scored positions. Temporaries are left to the caller's dispose scope.
    /// </summary>
    internal (Tensor Correct, long Count) CountCorrect(Tensor output, Tensor target)
    {
        var matches = MatchesCore(output, target);
        return (matches.sum(), matches.numel());
    }

    /// <summary>The number of right predictions in a batch and the number of scored positions, read back as numbers.</summary>
    public (double Correct, long Count) Evaluate(Tensor output, Tensor target)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (correct, count) = CountCorrect(output.detach(), target);
        return (correct.item<long>(), count);
    }

    private Tensor MatchesCore(Tensor output, Tensor target)
    {
        var kind = Kind == AccuracyKind.FromShapes ? FromShapes(output, target) : Kind;
        switch (kind)
        {
            case AccuracyKind.Binary:
            {
                var y = output.Dimensions >= 2 && output.shape[^1] == 1 && LossFunction.SameShape(output.shape[..^1], target.shape)
                    ? target.reshape(output.shape)
                    : target;
                if (!LossFunction.SameShape(output.shape, y.shape))
                {
                    throw Mismatch(output, target, $"{LossFunction.Shape(output)}");
                }

                // Booleans throughout: 0/1 (or soft) targets compare equal to the thresholded prediction exactly when they are 0 or 1.
                return output.gt(Threshold).eq(y);
            }

            case AccuracyKind.Categorical:
            {
                if (output.Dimensions < 2 || !LossFunction.SameShape(output.shape, target.shape))
                {
                    throw Mismatch(output, target, $"a one-hot target of shape {LossFunction.Shape(output)}");
                }

                return output.argmax(-1).eq(target.argmax(-1));
            }

            default:
            {
                var leading = output.Dimensions >= 2 ? output.shape[..^1] : Array.Empty<long>();
                var fits = output.Dimensions >= 2
                    && (LossFunction.SameShape(leading, target.shape)
                        || (target.Dimensions == output.Dimensions && target.shape[^1] == 1
                            && LossFunction.SameShape(leading, target.shape[..^1])));
                if (!fits)
                {
                    throw Mismatch(output, target, $"integer class ids of shape {LossFunction.Shape(leading)}");
                }

                var ids = target.to_type(ScalarType.Int64).reshape(leading);
                return output.argmax(-1).eq(ids);
            }
        }
    }

    private static AccuracyKind FromShapes(Tensor output, Tensor target)
    {
        if (output.Dimensions < 2 || output.shape[^1] == 1)
        {
            return AccuracyKind.Binary;
        }

        var sparse = target.Dimensions < output.Dimensions || (target.shape[^1] == 1 && output.shape[^1] > 1);
        return sparse ? AccuracyKind.SparseCategorical : AccuracyKind.Categorical;
    }

    private ArgumentException Mismatch(Tensor output, Tensor target, string expected) =>
        new($"{Name} ({Kind}): the model's output has shape {LossFunction.Shape(output)} but the target has shape {LossFunction.Shape(target)}; expected {expected}.");
}
