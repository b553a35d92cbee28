using ModelDsl;

namespace ImdbSentiment;

/// <summary>The IMDB LSTM of <see cref="ImdbLstm"/> with a SimpleRNN in its place (<c>--recurrent SimpleRNN</c>).</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[SimpleRNN(32)]                      // -> [B, 32], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class ImdbSimpleRnn;
