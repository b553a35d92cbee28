// Models with the convolution and pooling layers, compiled by the generator for the runtime tests.

namespace ModelDsl.Tests.Runtime;

/// <summary>Chollet's 1-D convnet for IMDB (Deep Learning with Python, 6.4), as Keras declares it.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "rmsprop", Metrics = new[] { "acc" })]
[Input(500)]
[Embedding(10000, 128)]
[Conv1D(32, 7, Activation = "relu")]
[MaxPooling1D(5)]
[Conv1D(32, 7, Activation = "relu")]
[GlobalMaxPooling1D]
[Dense(1, Activation = "sigmoid")]
public partial class CholletConv1D;

/// <summary>Keras's ConvLSTM2D example (next-frame prediction), first layer.</summary>
[Model]
[Input(15, 40, 40, 1, DType = "float32")]
[ConvLSTM2D(40, 3, 3, Padding = "same", ReturnSequences = true)]
public partial class MovingSquares;

/// <summary>A small ConvLSTM2D, last step, valid padding: frames shrink by the kernel less one.</summary>
[Model]
[Input(3, 6, 5, 2, DType = "float32")]
[ConvLSTM2D(4, 3, 2)]
public partial class SmallConvLstm;

/// <summary>Every convolution and pool option on feature sequences, for the by-hand comparison.</summary>
[Model]
[Input(20, 6, DType = "float32")]
[Conv1D(8, 3, Activation = "relu", Padding = "same")]
[AveragePooling1D(2)]
[Conv1D(5, 3, Padding = "causal", DilationRate = 2, UseBias = false)]
[MaxPooling1D(3, Strides = 2, Padding = "same")]
[Conv1D(4, 2, Strides = 2, Activation = "tanh")]
[GlobalAveragePooling1D]
[Dense(2)]
public partial class ConvolutionOptions;

/// <summary>An embedding with MaskZero averaged over its real tokens.</summary>
[Model]
[Input(6)]
[Embedding(50, 4, MaskZero = true)]
[GlobalAveragePooling1D]
[Dense(1)]
public partial class MaskedAverage;
