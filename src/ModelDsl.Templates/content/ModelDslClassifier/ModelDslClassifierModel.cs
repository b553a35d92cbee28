using ModelDsl;

namespace ModelDslClassifier;

/// <summary>A sentiment LSTM: 40 token ids per text in, the probability that the text is positive out.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(40)]                          // [B, 40] token ids
[Embedding(10000, 128)]              // -> [B, 40, 128]
[LSTM(32)]                           // -> [B, 32], the last step
[Dense(1, Activation = "sigmoid")]   // -> [B, 1]
public partial class ModelDslClassifierModel;
