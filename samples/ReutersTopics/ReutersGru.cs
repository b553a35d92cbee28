using ModelDsl;

namespace ReutersTopics;

/// <summary>A newswire's last 200 word ids (num_words 10,000) through an Embedding and a GRU, the R8 topic's probabilities out.</summary>
[Model(Loss = "sparse_categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(200)]                           // [B, 200] token ids, padded and truncated at the front
[Embedding(10000, 128)]                // -> [B, 200, 128]
[GRU(64)]                              // -> [B, 64], the last step
[Dense(8, Activation = "softmax")]     // -> [B, 8], one per R8 topic
public partial class ReutersGru;
