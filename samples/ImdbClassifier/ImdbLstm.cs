using ModelDsl;

namespace ImdbClassifier;

/// <summary>
/// The declaration of samples/ImdbSentiment's model, and nothing else: the weights, the tokenizer and the padding come
/// from the .mdsl file that model's <c>train</c> wrote, which refuses to load into a declaration with other layers.
/// </summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class ImdbLstm;
