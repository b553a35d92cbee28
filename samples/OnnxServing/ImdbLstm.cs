using ModelDsl;

namespace OnnxServing;

/// <summary>The declaration of samples/ImdbSentiment, so <c>export</c> can load the <c>model.mdsl</c> that sample's <c>train</c> writes.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbLstm;
