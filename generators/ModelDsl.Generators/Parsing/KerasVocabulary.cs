using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;
using Abstractions = global::ModelDsl;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// The Keras strings an attribute may carry, and the ones Keras knows that ModelDsl does not run yet. The canonical
/// names are the string constants of ModelDsl.Abstractions (<see cref="Abstractions.Activations"/>, <see cref="Abstractions.Losses"/>, …),
/// the same the user's IntelliSense offers, so there is one vocabulary; only Keras's other spellings of them are written here.
/// </summary>
internal static class KerasVocabulary
{
    public static readonly IReadOnlyDictionary<string, Activation> Activations = new Dictionary<string, Activation>
    {
        [Abstractions.Activations.Linear] = Activation.Linear,
        [Abstractions.Activations.Relu] = Activation.Relu,
        [Abstractions.Activations.Sigmoid] = Activation.Sigmoid,
        [Abstractions.Activations.Softmax] = Activation.Softmax,
        [Abstractions.Activations.Tanh] = Activation.Tanh,
    };

    /// <summary>Keras activations that are valid Keras but have no implementation here yet: reported as unsupported, not unknown.</summary>
    public static readonly IReadOnlyCollection<string> ActivationsNotYetSupported = new[]
    {
        "elu", "selu", "gelu", "softplus", "softsign", "swish", "silu", "exponential", "hard_sigmoid", "leaky_relu", "relu6", "mish",
    };

    /// <summary>The gate activations of GRU and LSTM (Keras <c>recurrent_activation</c>).</summary>
    public static readonly IReadOnlyCollection<string> RecurrentActivations = new[]
    {
        Abstractions.RecurrentActivations.Sigmoid, Abstractions.RecurrentActivations.HardSigmoid,
    };

    public static readonly IReadOnlyDictionary<string, ElementType> InputTypes = new Dictionary<string, ElementType>
    {
        [DTypes.Int64] = ElementType.Int64,
        [DTypes.Int32] = ElementType.Int32,
        [DTypes.Float32] = ElementType.Float32,
    };

    /// <summary>The losses by their canonical names, which messages list and the rest of the generator compares against.</summary>
    public static readonly IReadOnlyCollection<string> Losses = new[]
    {
        Abstractions.Losses.BinaryCrossentropy, Abstractions.Losses.CategoricalCrossentropy, Abstractions.Losses.SparseCategoricalCrossentropy, Abstractions.Losses.MeanSquaredError,
    };

    /// <summary>
    /// Every spelling Keras's <c>losses.get</c> resolves to one of <see cref="Losses"/>, to its canonical name: the
    /// function, its aliases and the class name. Case-sensitive, as in Keras (<c>MSE</c> is a Keras alias of its own).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LossSpellings = new Dictionary<string, string>
    {
        [Abstractions.Losses.BinaryCrossentropy] = Abstractions.Losses.BinaryCrossentropy,
        ["BinaryCrossentropy"] = Abstractions.Losses.BinaryCrossentropy,
        [Abstractions.Losses.CategoricalCrossentropy] = Abstractions.Losses.CategoricalCrossentropy,
        ["CategoricalCrossentropy"] = Abstractions.Losses.CategoricalCrossentropy,
        [Abstractions.Losses.SparseCategoricalCrossentropy] = Abstractions.Losses.SparseCategoricalCrossentropy,
        ["SparseCategoricalCrossentropy"] = Abstractions.Losses.SparseCategoricalCrossentropy,
        [Abstractions.Losses.MeanSquaredError] = Abstractions.Losses.MeanSquaredError,
        ["MSE"] = Abstractions.Losses.MeanSquaredError,
        ["mean_squared_error"] = Abstractions.Losses.MeanSquaredError,
        ["MeanSquaredError"] = Abstractions.Losses.MeanSquaredError,
    };

    /// <summary>
    /// The optimizers by canonical name. Keras's <c>optimizers.get</c> lower-cases the name of a built-in optimizer, so
    /// any case is accepted (<c>RMSprop</c>, <c>Adam</c>, <c>SGD</c>, <c>Adagrad</c>); see <see cref="CanonicalOptimizer"/>.
    /// </summary>
    public static readonly IReadOnlyCollection<string> Optimizers = new[]
    {
        Abstractions.Optimizers.RmsProp, Abstractions.Optimizers.Adam, Abstractions.Optimizers.Sgd, Abstractions.Optimizers.Adagrad,
    };

    /// <summary>
    /// <c>accuracy</c> and Keras's short form <c>acc</c>. Kept as written: the history logs the metric under the name the
    /// user asked for (<c>acc</c>, <c>val_acc</c>), as Keras does.
    /// </summary>
    public static readonly IReadOnlyCollection<string> Metrics = new[] { Abstractions.Metrics.Accuracy, "acc" };

    /// <summary>The canonical loss name for a Keras spelling, or <c>null</c> when Keras's spelling is not one of ours.</summary>
    public static string? CanonicalLoss(string name) => LossSpellings.TryGetValue(name, out var canonical) ? canonical : null;

    /// <summary>The canonical (lower-case) optimizer name for any case of it, or <c>null</c>.</summary>
    public static string? CanonicalOptimizer(string name) =>
        Optimizers.FirstOrDefault(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Keras's <c>Bidirectional</c> merge modes; <c>None</c> (two outputs) is written <c>merge: null</c>.</summary>
    public static readonly IReadOnlyDictionary<string, BidirectionalMergeKind> Merges = new Dictionary<string, BidirectionalMergeKind>
    {
        [Abstractions.Merges.Concat] = BidirectionalMergeKind.Concat,
        [Abstractions.Merges.Sum] = BidirectionalMergeKind.Sum,
        [Abstractions.Merges.Mul] = BidirectionalMergeKind.Mul,
        [Abstractions.Merges.Ave] = BidirectionalMergeKind.Ave,
    };

    public static readonly IReadOnlyDictionary<string, WeightInitializer> Initializers = new Dictionary<string, WeightInitializer>
    {
        [Abstractions.Initializers.Torch] = WeightInitializer.Torch,
        [Abstractions.Initializers.Keras] = WeightInitializer.Keras,
    };

    /// <summary>Keras's <c>padding</c> of convolutions and pools; <c>causal</c> is Conv1D's alone.</summary>
    public static readonly IReadOnlyCollection<string> Paddings = new[]
    {
        Abstractions.Paddings.Valid, Abstractions.Paddings.Same, Abstractions.Paddings.Causal,
    };

    public static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
