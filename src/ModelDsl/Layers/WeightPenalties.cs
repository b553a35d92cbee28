using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>A layer with weight regularizers (Keras's <c>kernel_regularizer</c> and the like).</summary>
internal interface IWeightPenalty
{
    /// <summary>The sum of this layer's regularizer penalties, or <c>null</c> when it has none set.</summary>
    Tensor? Penalty();
}

/// <summary>Keras's regularization losses (<c>model.losses</c>): what training adds to the loss.</summary>
public static class WeightPenalties
{
    /// <summary>The sum of the penalties of every layer in <paramref name="model"/> (itself included), or <c>null</c> when none has a regularizer.</summary>
    public static Tensor? Total(nn.Module model) => Total(LayersIn(model));

    /// <summary>The layers of <paramref name="model"/> (itself included) that may carry regularizers, each once.</summary>
    internal static IWeightPenalty[] LayersIn(nn.Module model) =>
        model.modules().Prepend(model).Distinct(ReferenceEqualityComparer.Instance).OfType<IWeightPenalty>().ToArray();

    /// <summary>The sum of <paramref name="layers"/>' penalties, or <c>null</c> when none has a regularizer set.</summary>
    internal static Tensor? Total(IEnumerable<IWeightPenalty> layers) => Sum(layers.Select(layer => layer.Penalty()).ToArray());

    /// <summary>The penalty of one weight, or <c>null</c> without a regularizer.</summary>
    internal static Tensor? Of(Regularizer? regularizer, Tensor weight) => regularizer?.Penalty(weight);

    /// <summary>The sum of the given penalties, skipping missing ones; <c>null</c> when all are.</summary>
    internal static Tensor? Sum(params Tensor?[] penalties) =>
        penalties.Where(p => p is not null).Aggregate((Tensor?)null, (sum, p) => sum is null ? p : sum.add(p!));
}
