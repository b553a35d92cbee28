using ModelDsl;

namespace ServingThroughput;

/// <summary>The README's IMDB LSTM (Keras's initialization, as the sample trains it).</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbServing;
