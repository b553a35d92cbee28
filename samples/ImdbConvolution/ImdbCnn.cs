using ModelDsl;

namespace ImdbConvolution;

/// <summary>
/// Chollet's 1-D convnet for IMDB (Deep Learning with Python, listing 6.46): 500 token ids per review in, the probability
/// that the review is positive out. Keras counts 1,280,000 + 28,704 + 7,200 + 33 parameters; Summary() shows the same.
/// </summary>
[Model(Loss = "binary_crossentropy", Optimizer = "rmsprop", Metrics = new[] { "acc" })]
[Input(500)]                           // [B, 500] token ids
[Embedding(10000, 128)]                // -> [B, 500, 128]
[Conv1D(32, 7, Activation = "relu")]   // -> [B, 494, 32]
[MaxPooling1D(5)]                      // -> [B, 98, 32]
[Conv1D(32, 7, Activation = "relu")]   // -> [B, 92, 32]
[GlobalMaxPooling1D]                   // -> [B, 32]
[Dense(1, Activation = "sigmoid")]     // -> [B, 1]
public partial class ImdbCnn;
