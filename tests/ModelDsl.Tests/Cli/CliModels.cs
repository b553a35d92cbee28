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

/// <summary>A tf-idf row of 50 columns in (the command line's tokenizer keeps 49 words), one of R8's 8 topics out.</summary>
[Model(Loss = "categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(50, DType = "float32")]
[Dense(16, Activation = "relu")]
[Dense(8, Activation = "softmax")]
public partial class CliTfidfModel;

/// <summary>The same with token ids through an Embedding and sparse class ids.</summary>
[Model(Loss = "sparse_categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(12)]
[Embedding(100, 8)]
[GRU(8)]
[Dense(8, Activation = "softmax")]
public partial class CliTopicModel;

/// <summary>A sequence of feature vectors in ([batch, 5, 4] float32): neither token ids nor a tf-idf row.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam")]
[Input(5, 4, DType = "float32")]
[LSTM(4)]
[Dense(1, Activation = "sigmoid")]
public partial class CliSequenceModel;

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

    public static ModelDescription Tfidf { get; } = new(
        Name: "CliTfidfModel",
        Create: static () => new CliTfidfModel(),
        Input: CliTfidfModel.InputSignature,
        TrainingOptions: CliTfidfModel.TrainingOptions,
        VocabularySize: null,
        OutputUnits: 8);

    public static ModelDescription Topic { get; } = new(
        Name: "CliTopicModel",
        Create: static () => new CliTopicModel(),
        Input: CliTopicModel.InputSignature,
        TrainingOptions: CliTopicModel.TrainingOptions,
        VocabularySize: 100,
        OutputUnits: 8);

    /// <summary>A sequence of feature vectors in: not a text-classification model.</summary>
    public static ModelDescription Sequence { get; } = new(
        Name: "CliSequenceModel",
        Create: static () => new CliSequenceModel(),
        Input: CliSequenceModel.InputSignature,
        TrainingOptions: CliSequenceModel.TrainingOptions,
        VocabularySize: null,
        OutputUnits: 1);

    /// <summary>Eight float features in: read as a tf-idf row of 8 columns.</summary>
    public static ModelDescription Features { get; } = new(
        Name: "TinyBinary",
        Create: static () => new TinyBinary(),
        Input: TinyBinary.InputSignature,
        TrainingOptions: TinyBinary.TrainingOptions,
        VocabularySize: null,
        OutputUnits: 1);
}
