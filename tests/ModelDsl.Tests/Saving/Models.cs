// Small models the model-archive tests save and load: two declarations with the same layer kinds at other sizes or of
// other kinds, to load into the wrong one, and a graph model.

using ModelDsl.Layers;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Saving;

/// <summary>12 token ids in, the probability of "positive" out.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", LearningRate = 0.005, Beta1 = 0.8, Metrics = new[] { "accuracy" })]
[Input(12)]
[Embedding(60, 8)]
[LSTM(6)]
[Dense(1, Activation = "sigmoid")]
public partial class ArchiveLstm;

/// <summary><see cref="ArchiveLstm"/> with a wider LSTM: the same tensor names, other shapes.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam")]
[Input(12)]
[Embedding(60, 8)]
[LSTM(7)]
[Dense(1, Activation = "sigmoid")]
public partial class ArchiveWiderLstm;

/// <summary><see cref="ArchiveLstm"/> with a GRU: other tensor names.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam")]
[Input(12)]
[Embedding(60, 8)]
[GRU(6)]
[Dense(1, Activation = "sigmoid")]
public partial class ArchiveGru;

/// <summary>Token ids of any length, a softmax over three classes.</summary>
[Model(Loss = "sparse_categorical_crossentropy", Optimizer = "rmsprop")]
[Input(Dimension.Unknown)]
[Embedding(60, 8, MaskZero = true)]
[LSTM(6)]
[Dense(3, Activation = "softmax")]
public partial class ArchiveSoftmax;

/// <summary>A graph model of one token-id input, trained on logits.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "sgd", Momentum = 0.5)]
public partial class ArchiveGraph
{
    [Embedding(60, 8)]                 partial Embedding Embed { get; }
    [GRU(5)]                           partial GRU Encode { get; }
    [Dense(1, Activation = "sigmoid")] partial Dense Score { get; }

    [Forward]
    Tensor Forward([Input(10)] Tensor words) => Score.call(Encode.call(Embed.call(words)));
}
