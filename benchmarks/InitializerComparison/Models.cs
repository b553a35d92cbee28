using ModelDsl;

namespace InitializerComparison;

// Each reference model twice, differing only in [Model(Initializer)].

/// <summary>The IMDB LSTM of samples/ImdbSentiment with TorchSharp's initialization.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbLstmTorch;

/// <summary>The IMDB LSTM with Keras's initialization.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "keras")]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbLstmKeras;

/// <summary>The bidirectional SimpleRNN of samples/BidirectionalSentiment with TorchSharp's initialization.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(Dimension.Unknown)]
[Embedding(20000, 20)]
[Bidirectional(merge: "concat")]
[SimpleRNN(64)]
[Dense(64, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class BiSimpleRnnTorch;

/// <summary>The bidirectional SimpleRNN with Keras's initialization.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "keras")]
[Input(Dimension.Unknown)]
[Embedding(20000, 20)]
[Bidirectional(merge: "concat")]
[SimpleRNN(64)]
[Dense(64, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class BiSimpleRnnKeras;

/// <summary>The bidirectional LSTM of samples/BidirectionalSentiment with TorchSharp's initialization.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(Dimension.Unknown)]
[Embedding(20000, 20)]
[Bidirectional(merge: "concat")]
[LSTM(64)]
[Dense(64, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class BiLstmTorch;

/// <summary>The bidirectional LSTM with Keras's initialization.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "keras")]
[Input(Dimension.Unknown)]
[Embedding(20000, 20)]
[Bidirectional(merge: "concat")]
[LSTM(64)]
[Dense(64, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class BiLstmKeras;
