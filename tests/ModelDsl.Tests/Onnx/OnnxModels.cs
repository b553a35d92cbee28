using ModelDsl.Layers;
using static TorchSharp.torch;

// The models the ONNX parity tests export: every layer kind and option, as stacks and as graph models.
namespace ModelDsl.Tests.Onnx;

/// <summary>The README's IMDB LSTM, at its real size.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "RMSprop", Metrics = new[] { "acc" })]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(32)]
[Dense(1, Activation = "sigmoid")]
public partial class OnnxImdbLstm;

/// <summary>int32 ids, Flatten, Dropout and a softmax Dense.</summary>
[Model]
[Input(6, DType = DTypes.Int32)]
[Embedding(30, 4)]
[Dropout(0.3)]
[Flatten]
[Dense(5, Activation = "softmax")]
public partial class OnnxInt32Flatten;

/// <summary>Dense with every activation, and the Activation layer with each.</summary>
[Model]
[Input(7, DType = "float32")]
[Dense(9, Activation = "relu")]
[Dense(8, Activation = "tanh")]
[Dense(7)]
[Activation("sigmoid")]
[Dense(6, Activation = "sigmoid", UseBias = false)]
[Activation("relu")]
[Dense(5, Activation = "linear")]
[Activation("tanh")]
[Activation("softmax")]
[Dense(3, Activation = "softmax")]
public partial class OnnxDenseActivations;

[Model]
[Input(7, 3, DType = "float32")]
[SimpleRNN(5, ReturnSequences = true)]
[SimpleRNN(4, Activation = "relu", GoBackwards = true, ReturnSequences = true)]
[SimpleRNN(3, Activation = "relu", UseBias = false)]
public partial class OnnxSimpleRnns;

[Model]
[Input(7, 3, DType = "float32")]
[GRU(5, ReturnSequences = true)]
[GRU(4, ResetAfter = false, ReturnSequences = true, GoBackwards = true)]
[GRU(4, RecurrentActivation = "hard_sigmoid", ReturnSequences = true)]
[GRU(3, ResetAfter = false, RecurrentActivation = "hard_sigmoid", UseBias = false)]
public partial class OnnxGrus;

[Model]
[Input(7, 3, DType = "float32")]
[LSTM(5, ReturnSequences = true, Dropout = 0.2, RecurrentDropout = 0.2)]
[LSTM(4, GoBackwards = true, ReturnSequences = true)]
[LSTM(4, RecurrentActivation = "hard_sigmoid", ReturnSequences = true, UseBias = false)]
[LSTM(3, GoBackwards = true)]
public partial class OnnxLstms;

/// <summary>A padding mask through every recurrent kind, forwards and backwards, into a masked average.</summary>
[Model]
[Input(8)]
[Embedding(20, 4, MaskZero = true)]
[LSTM(5, ReturnSequences = true)]
[GRU(5, ReturnSequences = true, GoBackwards = true)]
[GRU(4, ReturnSequences = true, ResetAfter = false)]
[SimpleRNN(4, ReturnSequences = true, GoBackwards = true)]
[LSTM(4, ReturnSequences = true, GoBackwards = true, RecurrentActivation = "hard_sigmoid")]
[GlobalAveragePooling1D]
[Dense(2)]
public partial class OnnxMaskedRecurrent;

/// <summary>A padding mask into last-step outputs, backwards.</summary>
[Model]
[Input(8)]
[Embedding(20, 4, MaskZero = true)]
[SimpleRNN(5, ReturnSequences = true)]
[GRU(3, GoBackwards = true)]
public partial class OnnxMaskedLastStep;

[Model]
[Input(8)]
[Embedding(20, 4, MaskZero = true)]
[Bidirectional] [LSTM(4, ReturnSequences = true)]
[Bidirectional(merge: "sum")] [GRU(3, ReturnSequences = true)]
[Bidirectional(merge: "mul")] [SimpleRNN(3, ReturnSequences = true)]
[Bidirectional(merge: "ave")] [GRU(3, ResetAfter = false, ReturnSequences = true)]
[Bidirectional] [LSTM(3)]
public partial class OnnxMaskedBidirectional;

[Model]
[Input(6, 3, DType = "float32")]
[Bidirectional(merge: "ave")] [LSTM(4, ReturnSequences = true, RecurrentActivation = "hard_sigmoid")]
[Bidirectional(merge: "concat")] [GRU(3, ReturnSequences = true, GoBackwards = true)]
[Bidirectional(merge: "mul")] [SimpleRNN(3, Activation = "relu")]
public partial class OnnxBidirectional;

[Model]
[Input(23, 3, DType = "float32")]
[Conv1D(4, 3)]
[Conv1D(4, 3, Padding = "same", Strides = 2, Activation = "relu")]
[Conv1D(5, 2, Padding = "causal", DilationRate = 2, Activation = "tanh")]
[Conv1D(4, 3, Padding = "same", DilationRate = 2, UseBias = false)]
[MaxPooling1D(2)]
[AveragePooling1D(2, Strides = 1, Padding = "same")]
[MaxPooling1D(3, Strides = 2, Padding = "same")]
[AveragePooling1D(2)]
[GlobalMaxPooling1D]
[Dense(1)]
public partial class OnnxConvolutions;

[Model]
[Input(9)]
[Embedding(30, 4)]
[Conv1D(3, 4, Padding = "same", Strides = 3)]
[GlobalAveragePooling1D]
public partial class OnnxConvAverage;

[Model]
[Input(3, 6, 5, 2, DType = "float32")]
[ConvLSTM2D(3, 3, 2, ReturnSequences = true, Padding = "same")]
[ConvLSTM2D(2, 2, 2, RecurrentActivation = "sigmoid")]
[Flatten]
public partial class OnnxConvLstm;

/// <summary>DESIGN.md's attention between two sentences, small: Ops.Dot, Ops.Softmax, Ops.Concatenate, two inputs.</summary>
[Model(Loss = "mse")]
public partial class OnnxQa
{
    [Embedding(60, 6, MaskZero = true)]                                partial Embedding Embed { get; }
    [Bidirectional(merge: "concat")] [LSTM(5, ReturnSequences = true)] partial Bidirectional Encode1 { get; }
    [Bidirectional(merge: "concat")] [GRU(5, ReturnSequences = true)]  partial Bidirectional Encode2 { get; }
    [Dense(4, Activation = "tanh")]                                    partial Dense Output { get; }

    [Forward]
    Tensor Forward([Input(7)] Tensor sentence1, [Input(9)] Tensor sentence2)
    {
        var h1 = Encode1.call(Embed.call(sentence1));
        var h2 = Encode2.call(Embed.call(sentence2));
        var weights = Ops.Softmax(Ops.Dot(h2, h1, axes: 2));
        var context = Ops.Dot(weights, h1, axes: (2, 1));
        return Output.call(Ops.Concatenate(context, h2));
    }
}

/// <summary>An unmerged Bidirectional (ForwardBoth), three-way Concatenate, DotAttention with scale and query, Add, a vector Dot.</summary>
[Model(Loss = "mse")]
public partial class OnnxTagger
{
    [Embedding(40, 6)]                                              partial Embedding Embed { get; }
    [Bidirectional(merge: null)] [GRU(6, ReturnSequences = true)]   partial Bidirectional Encode { get; }
    [DotAttention(ConcatQuery = true, Scale = true)]                partial DotAttention Attend { get; }
    [DotAttention]                                                  partial DotAttention Plain { get; }
    [Dense(18)]                                                     partial Dense Project { get; }
    [Dense(3, Activation = "softmax")]                              partial Dense Tag { get; }

    [Forward]
    Tensor Forward([Input(5)] Tensor words)
    {
        var vectors = Embed.call(words);
        var (forward, backward) = Encode.ForwardBoth(vectors);
        var states = Ops.Concatenate([forward, backward, vectors], axis: 2);
        var attended = Attend.call(states, states);
        var plain = Plain.call(states, states);
        var both = Ops.Add(Project.call(attended), plain);
        return Tag.call(both);
    }
}

/// <summary>A stateful layer, which an ONNX graph cannot express.</summary>
[Model]
[Input(5, 3, DType = "float32", BatchSize = 2)]
[LSTM(4, Stateful = true)]
public partial class OnnxStateful;

/// <summary>Reviews of any length: the time axis is dynamic in the graph too.</summary>
[Model]
[Input(Dimension.Unknown)]
[Embedding(25, 4, MaskZero = true)]
[Bidirectional(merge: "concat")] [GRU(3, GoBackwards = true, ReturnSequences = true)]
[LSTM(3)]
[Dense(1, Activation = "sigmoid")]
public partial class OnnxAnyLength;
