// Models whose summaries and input checks the runtime tests exercise.

namespace ModelDsl.Tests.Runtime;

/// <summary>The IMDB sentiment model of the sample: 40 token ids in, one probability out.</summary>
[Model]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbLstm;

[Model]
[Input(50)]
[Embedding(2000, 64)]
[GRU(48, ReturnSequences = true, GoBackwards = true)]
[GRU(24)]
[Dense(1)]
public partial class StackedGruSummary;

[Model]
[Input(25, 8, DType = "float32")]
[SimpleRNN(16, Activation = "relu", UseBias = false)]
[Dense(3, Activation = "softmax")]
public partial class FeatureRnnWithoutBias;

[Model]
[Input(1000, DType = "float32")]
[Dense(64, Activation = "relu")]
[Dropout(0.5)]
[Dense(32, Activation = "tanh")]
[Dense(16)]
[Activation("sigmoid")]
[Dense(46)]
[Activation("softmax")]
public partial class TopicClassifierStack;

/// <summary>Reviews of any length: the sequence dimension is declared unknown.</summary>
[Model]
[Input(Dimension.Unknown)]
[Embedding(1000, 16)]
[SimpleRNN(8)]
[Dense(1, Activation = "sigmoid")]
public partial class AnyLengthRnn;

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6)]
public partial class FeatureLstm;

/// <summary>Pretrained-vector style: the embedding is frozen, the rest trains.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", LearningRate = 0.05)]
[Input(6)]
[Embedding(30, 4, Trainable = false)]
[LSTM(3)]
[Dense(1, Activation = "sigmoid")]
public partial class FrozenEmbeddingLstm;

[Model(Initializer = Initializers.Keras)]
[Input(6)]
[Embedding(300, 16)]
[LSTM(8)]
[Dense(4)]
public partial class KerasInitializedLstm;

/// <summary>The same layers as <see cref="KerasInitializedLstm"/>, with TorchSharp's initialization.</summary>
[Model(Initializer = Initializers.Torch)]
[Input(6)]
[Embedding(300, 16)]
[LSTM(8)]
[Dense(4)]
public partial class TorchInitializedLstm;

[Model]
[Input(40)]
[Embedding(10000, 128)]
[Bidirectional]
[LSTM(64, ReturnSequences = true)]
[Bidirectional(Merges.Sum)]
[GRU(32)]
[Dense(1, Activation = "sigmoid")]
public partial class StackedBidirectionalSummary;
