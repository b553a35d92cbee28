using ModelDsl;

namespace OnnxServing;

/// <summary>The declaration of samples/ImdbSentiment, so <c>export</c> can load that sample's run folder.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbLstm;
