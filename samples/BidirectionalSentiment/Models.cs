using ModelDsl;

namespace BidirectionalSentiment;

// Keras's bidirectional sentiment classifier, once per recurrent layer: reviews of any length (the command line pads
// them to --max-length) in, the probability that the review is positive out. Only the recurrent attribute differs.

/// <summary>Bidirectional LSTM over 20-dimensional word vectors.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(Dimension.Unknown)]           // [B, T] token ids
[Embedding(20000, 20)]               // -> [B, T, 20]
[Bidirectional(merge: "concat")]
[LSTM(64)]                           // -> [B, 128]: forward final state beside backward final state
[Dense(64, Activation = "relu")]     // -> [B, 64]
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class BidirectionalLstm;

/// <summary>The same with a GRU.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(Dimension.Unknown)]
[Embedding(20000, 20)]
[Bidirectional(merge: "concat")]
[GRU(64)]
[Dense(64, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class BidirectionalGru;

/// <summary>The same with a SimpleRNN.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(Dimension.Unknown)]
[Embedding(20000, 20)]
[Bidirectional(merge: "concat")]
[SimpleRNN(64)]
[Dense(64, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class BidirectionalSimpleRnn;
