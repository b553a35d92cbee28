using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>The Keras strings an attribute may carry, and the ones Keras knows that ModelDsl does not run yet.</summary>
internal static class KerasVocabulary
{
    public static readonly IReadOnlyDictionary<string, Activation> Activations = new Dictionary<string, Activation>
    {
        ["linear"] = Activation.Linear,
        ["relu"] = Activation.Relu,
        ["sigmoid"] = Activation.Sigmoid,
        ["softmax"] = Activation.Softmax,
        ["tanh"] = Activation.Tanh,
    };

    /// <summary>Keras activations that are valid Keras but have no implementation here yet: reported as unsupported, not unknown.</summary>
    public static readonly IReadOnlyCollection<string> ActivationsNotYetSupported = new[]
    {
        "elu", "selu", "gelu", "softplus", "softsign", "swish", "silu", "exponential", "hard_sigmoid", "leaky_relu", "relu6", "mish",
    };

    public static readonly IReadOnlyDictionary<string, ElementType> InputTypes = new Dictionary<string, ElementType>
    {
        ["int64"] = ElementType.Int64,
        ["float32"] = ElementType.Float32,
    };

    public static readonly IReadOnlyCollection<string> Losses = new[]
    {
        "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mse",
    };

    public static readonly IReadOnlyCollection<string> Optimizers = new[] { "rmsprop", "adam", "sgd", "adagrad" };

    public static readonly IReadOnlyCollection<string> Metrics = new[] { "accuracy" };

    /// <summary>Keras's <c>Bidirectional</c> merge modes; <c>None</c> (two outputs) is written <c>merge: null</c>.</summary>
    public static readonly IReadOnlyDictionary<string, BidirectionalMergeKind> Merges = new Dictionary<string, BidirectionalMergeKind>
    {
        ["concat"] = BidirectionalMergeKind.Concat,
        ["sum"] = BidirectionalMergeKind.Sum,
        ["mul"] = BidirectionalMergeKind.Mul,
        ["ave"] = BidirectionalMergeKind.Ave,
    };

    public static readonly IReadOnlyDictionary<string, WeightInitializer> Initializers = new Dictionary<string, WeightInitializer>
    {
        ["torch"] = WeightInitializer.Torch,
        ["keras"] = WeightInitializer.Keras,
    };

    public static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
