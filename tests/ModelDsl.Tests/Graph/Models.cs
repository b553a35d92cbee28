using ModelDsl.Layers;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Graph;

/// <summary>DESIGN.md's attention between two sentences, with the layer properties visible to the tests.</summary>
[Model(Loss = "mse", Optimizer = "adam")]
public partial class QaAttention
{
    [Embedding(1000, 100)]                                               internal partial Embedding Embed { get; }
    [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] internal partial Bidirectional Encode1 { get; }
    [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] internal partial Bidirectional Encode2 { get; }
    [Dense(200, Activation = "tanh")]                                    internal partial Dense Output { get; }

    [Forward]
    Tensor Forward([Input(20)] Tensor sentence1, [Input(30)] Tensor sentence2)
    {
        var h1 = Encode1.call(Embed.call(sentence1));            // [B, 20, 400]
        var h2 = Encode2.call(Embed.call(sentence2));            // [B, 30, 400]
        var weights = Ops.Softmax(Ops.Dot(h2, h1, axes: 2));    // [B, 30, 20]
        var context = Ops.Dot(weights, h1, axes: (2, 1));        // [B, 30, 400]
        return Output.call(Ops.Concatenate(context, h2));        // [B, 30, 200]
    }
}

/// <summary>Both directions of an unmerged Bidirectional side by side, attending over themselves, tagged per step.</summary>
[Model(Loss = "sparse_categorical_crossentropy")]
public partial class AttentiveTagger
{
    [Embedding(800, 24)]                                            partial Embedding Embed { get; }
    [Bidirectional(merge: null)] [GRU(24, ReturnSequences = true)]  partial Bidirectional Encode { get; }
    [DotAttention(ConcatQuery = true, Scale = true)]                partial DotAttention Attend { get; }
    [Dense(5, Activation = "softmax")]                              partial Dense Tag { get; }

    [Forward]
    Tensor Forward([Input(12)] Tensor words)
    {
        var (forward, backward) = Encode.ForwardBoth(Embed.call(words));   // [B, 12, 24] each
        var states = Ops.Concatenate([forward, backward], axis: 2);         // [B, 12, 48]
        var attended = Attend.call(states, states);                        // [B, 12, 96]
        return Tag.call(attended);                                         // [B, 12, 5]
    }
}

/// <summary>The same wiring, small enough to train in a test: one encoder shared by question and answer.</summary>
[Model(Loss = "mse", Optimizer = "adam", LearningRate = 0.01)]
public partial class TinyQa
{
    [Embedding(50, 8)]                                                  partial Embedding Embed { get; }
    [Bidirectional(merge: "concat")] [GRU(8, ReturnSequences = true)]   partial Bidirectional Encode { get; }
    [Dense(1)]                                                          partial Dense Score { get; }

    [Forward]
    Tensor Forward([Input(6)] Tensor question, [Input(9)] Tensor answer)
    {
        var q = Encode.call(Embed.call(question));               // [B, 6, 16]
        var a = Encode.call(Embed.call(answer));                 // [B, 9, 16]
        var weights = Ops.Softmax(Ops.Dot(a, q, axes: 2));      // [B, 9, 6]
        var context = Ops.Dot(weights, q, axes: (2, 1));         // [B, 9, 16]
        return Score.call(Ops.Concatenate(context, a));          // [B, 9, 1]
    }
}
