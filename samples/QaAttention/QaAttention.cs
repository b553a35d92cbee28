using ModelDsl;
using ModelDsl.Layers;
using static TorchSharp.torch;

namespace QaAttentionSample;

/// <summary>
/// Attention between two sentences (DESIGN.md's graph model): both are embedded by one shared table, each is
/// encoded by its own bidirectional LSTM, every step of the second attends over the first, and a Dense layer
/// reads each step's context beside its own encoding.
/// </summary>
[Model(Loss = "mse", Optimizer = "adam")]
public partial class QaAttention
{
    [Embedding(1000, 100)]                                               partial Embedding Embed { get; }
    [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode1 { get; }
    [Bidirectional(merge: "concat")] [LSTM(200, ReturnSequences = true)] partial Bidirectional Encode2 { get; }
    [Dense(200, Activation = "tanh")]                                    partial Dense Output { get; }

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
