using ModelDsl;

namespace ReutersTopics;

/// <summary>
/// The tf-idf baseline of the Keras Reuters notebooks, for R8's 8 topics: each newswire is one row of the tokenizer's
/// tf-idf matrix (<c>Tokenizer.TextsToMatrix</c>, mode tfidf, num_words 1000), the topic's probabilities out.
/// </summary>
[Model(Loss = "categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(1000, DType = "float32")]       // [B, 1000] tf-idf of the 999 most frequent words (column 0 is padding)
[Dense(512, Activation = "relu")]      // -> [B, 512]
[Dropout(0.5)]
[Dense(8, Activation = "softmax")]     // -> [B, 8], one per R8 topic
public partial class ReutersDense;
