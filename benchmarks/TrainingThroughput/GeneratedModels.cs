using ModelDsl;

namespace TrainingThroughput;

/// <summary>The IMDB sentiment LSTM, generated: 40 token ids in, the probability of a positive review out.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[LSTM(32)]                           // -> [B, 32], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class ImdbGenerated;

/// <summary>
/// The IMDB model with <c>LSTM(16)</c>: a hidden size libtorch 2.10's oneDNN inference kernel gets wrong on AVX-512 CPUs,
/// so the kernel check reroutes its calls without gradients there (<c>--kernel-guard</c>).
/// </summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[LSTM(16)]                           // -> [B, 16], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class Imdb16Generated;

/// <summary>A Reuters-newswire-size LSTM, generated: 250 token ids in, a softmax over the 46 topics out.</summary>
[Model(Loss = "sparse_categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" }, Initializer = "torch")]
[Input(250)]                         // [B, 250] token ids
[Embedding(1000, 250)]               // -> [B, 250, 250]
[LSTM(128)]                          // -> [B, 128], the last step
[Dense(46, Activation = "softmax")]  // -> [B, 46]
public partial class ReutersGenerated;
