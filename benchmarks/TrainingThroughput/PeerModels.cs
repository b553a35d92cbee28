using ModelDsl;

namespace TrainingThroughput;

// The models of the peer comparison (--peer) besides ImdbGenerated and ReutersGenerated: the IMDB model with the other
// two recurrent layers, and the bidirectional sentiment LSTM of samples/BidirectionalSentiment at 100 steps.

/// <summary>The IMDB model with <c>SimpleRNN(32)</c>.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[SimpleRNN(32)]                      // -> [B, 32], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class ImdbSimpleRnnGenerated;

/// <summary>The IMDB model with <c>GRU(32)</c> (reset_after = true, libtorch's GRU).</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[GRU(32)]                            // -> [B, 32], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class ImdbGruGenerated;

/// <summary>samples/BidirectionalSentiment's LSTM model on reviews padded to 100 ids.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(100)]                         // [B, 100] token ids
[Embedding(20000, 20)]               // -> [B, 100, 20]
[Bidirectional(merge: "concat")]
[LSTM(64)]                           // -> [B, 128]: forward final state beside backward final state
[Dense(64, Activation = "relu")]     // -> [B, 64]
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class BidirectionalLstmGenerated;
