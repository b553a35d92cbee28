// Models the command-line tests run, and the descriptions their generated RunAsync would pass.

using ModelDsl.Cli;
using ModelDsl.Tests.Training;

namespace ModelDsl.Tests.Cli;

/// <summary>A small IMDB-style classifier: 20 token ids in, the probability of "positive" out.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(20)]
[Embedding(500, 8)]
[LSTM(8)]
[Dense(1, Activation = "sigmoid")]
public partial class CliModel;

/// <summary>The same with two classes and integer labels: a softmax trained with sparse_categorical_crossentropy.</summary>
[Model(Loss = "sparse_categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(20)]
[Embedding(500, 8)]
[LSTM(8)]
[Dense(2, Activation = "softmax")]
public partial class CliTwoClassModel;

/// <summary>Token ids of any length: the command line pads to --max-length, or to the longest training review.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(Dimension.Unknown)]
[Embedding(500, 8)]
[LSTM(8)]
[Dense(1, Activation = "sigmoid")]
public partial class CliAnyLengthModel;

/// <summary>The descriptions the generator emits in each model's <c>RunAsync</c>.</summary>
internal static class CliModels
{
    public static ModelDescription Binary { get; } = new(
        Name: "CliModel",
        Create: static () => new CliModel(),
        Input: CliModel.InputSignature,
        TrainingOptions: CliModel.TrainingOptions,
        VocabularySize: 500,
        OutputUnits: 1);

    public static ModelDescription TwoClass { get; } = new(
        Name: "CliTwoClassModel",
        Create: static () => new CliTwoClassModel(),
        Input: CliTwoClassModel.InputSignature,
        TrainingOptions: CliTwoClassModel.TrainingOptions,
        VocabularySize: 500,
        OutputUnits: 2);

    public static ModelDescription AnyLength { get; } = new(
        Name: "CliAnyLengthModel",
        Create: static () => new CliAnyLengthModel(),
        Input: CliAnyLengthModel.InputSignature,
        TrainingOptions: CliAnyLengthModel.TrainingOptions,
        VocabularySize: 500,
        OutputUnits: 1);

    /// <summary>A hand-written module (it wraps <see cref="TinyBinary"/>), which does not implement <see cref="ISummarizable"/>.</summary>
    public static ModelDescription HandWritten { get; } = new(
        Name: "RecordingModel",
        Create: static () => new RecordingModel(),
        Input: TinyBinary.InputSignature,
        TrainingOptions: TinyBinary.TrainingOptions,
        VocabularySize: null,
        OutputUnits: 1);

    /// <summary>Eight float features in: not a text-classification model.</summary>
    public static ModelDescription Features { get; } = new(
        Name: "TinyBinary",
        Create: static () => new TinyBinary(),
        Input: TinyBinary.InputSignature,
        TrainingOptions: TinyBinary.TrainingOptions,
        VocabularySize: null,
        OutputUnits: 1);
}
