using ModelDsl;

namespace ImdbSentiment;

/// <summary>The IMDB LSTM of <see cref="ImdbLstm"/> with a GRU in its place (<c>--recurrent GRU</c>).</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[GRU(32)]                            // -> [B, 32], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class ImdbGru;
