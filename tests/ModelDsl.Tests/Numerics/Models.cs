// Models whose generated forward passes the numerics tests check against hand-written loops.
// Sizes are deliberately tiny: B = 3 examples, T = 5 steps, F = 4 features, H = 6 units.

namespace ModelDsl.Tests.Numerics;

// ---- SimpleRNN ----

[Model]
[Input(5, 4, DType = "float32")]
[SimpleRNN(6, ReturnSequences = true)]
public partial class RnnAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[SimpleRNN(6)]
public partial class RnnLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[SimpleRNN(6, ReturnSequences = true, Activation = "relu")]
public partial class RnnReluAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[SimpleRNN(6, ReturnSequences = true, UseBias = false)]
public partial class RnnNoBiasAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[SimpleRNN(6, ReturnSequences = true, GoBackwards = true)]
public partial class RnnBackwardsAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[SimpleRNN(6, GoBackwards = true)]
public partial class RnnBackwardsLastStep;

// ---- LSTM ----

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6, ReturnSequences = true)]
public partial class LstmAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6)]
public partial class LstmLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6, ReturnSequences = true, GoBackwards = true)]
public partial class LstmBackwardsAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6, GoBackwards = true)]
public partial class LstmBackwardsLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6, ReturnSequences = true, UseBias = false)]
public partial class LstmNoBiasAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[LSTM(6, ReturnSequences = true)]
[LSTM(3)]
public partial class LstmStacked;

// ---- GRU ----

[Model]
[Input(5, 4, DType = "float32")]
[GRU(6, ReturnSequences = true)]
public partial class GruAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[GRU(6)]
public partial class GruLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[GRU(6, ReturnSequences = true, GoBackwards = true)]
public partial class GruBackwardsAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[GRU(6, GoBackwards = true)]
public partial class GruBackwardsLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[GRU(6, ReturnSequences = true, UseBias = false)]
public partial class GruNoBiasAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[GRU(6, ReturnSequences = true, GoBackwards = true)]
[GRU(3)]
public partial class GruStackedBackwardsFirst;

// ---- Embedding, Dense, Dropout, Flatten ----

[Model]
[Input(7)]
[Embedding(50, 5)]
public partial class EmbeddingOnly;

[Model]
[Input(4, DType = "float32")]
[Dense(3, Activation = "sigmoid")]
public partial class DenseSigmoid;

[Model]
[Input(4, DType = "float32")]
[Dense(3, Activation = "relu")]
public partial class DenseRelu;

[Model]
[Input(4, DType = "float32")]
[Dense(3, Activation = "tanh")]
public partial class DenseTanh;

[Model]
[Input(4, DType = "float32")]
[Dense(3, Activation = "softmax")]
public partial class DenseSoftmax;

[Model]
[Input(4, DType = "float32")]
[Dense(3)]
public partial class DenseLinear;

[Model]
[Input(4, DType = "float32")]
[Dense(3, Activation = "linear", UseBias = false)]
public partial class DenseLinearNoBias;

[Model]
[Input(5, 4, DType = "float32")]
[Dense(3, Activation = "softmax")]
public partial class DenseSoftmaxOverSequence;

[Model]
[Input(4, DType = "float32")]
[Dense(6)]
[Activation("tanh")]
[Dense(3)]
[Activation("softmax")]
public partial class DenseWithActivationLayers;

[Model]
[Input(1000, DType = "float32")]
[Dropout(0.5)]
public partial class DropoutHalf;

[Model]
[Input(1000, DType = "float32")]
[Dropout(0.2)]
public partial class DropoutFifth;

[Model]
[Input(20, 8, DType = "float32")]
[Flatten]
public partial class FlattenFeatures;

[Model]
[Input(20)]
[Embedding(100, 8)]
[Flatten]
public partial class FlattenEmbedded;

// ---- Bidirectional (B = 3, T = 5, F = 4, H = 6 per direction) ----

[Model]
[Input(5, 4, DType = "float32")]
[Bidirectional]
[LSTM(6)]
public partial class BiLstmConcatLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[Bidirectional(Merges.Sum)]
[GRU(6, ReturnSequences = true)]
public partial class BiGruSumAllSteps;

[Model]
[Input(5, 4, DType = "float32")]
[Bidirectional(Merges.Mul)]
[SimpleRNN(6)]
public partial class BiRnnMulLastStep;

[Model]
[Input(5, 4, DType = "float32")]
[Bidirectional(Merges.Ave)]
[LSTM(6, ReturnSequences = true)]
public partial class BiLstmAveAllSteps;

// ---- Masks (B = 4 id sequences of T = 7, vocabulary 20, vectors of 4) ----

[Model]
[Input(7)]
[Embedding(20, 4, MaskZero = true)]
[Dropout(0.3)]
[LSTM(6, ReturnSequences = true)]
[LSTM(3)]
public partial class MaskedStackedLstm;

[Model]
[Input(7)]
[Embedding(20, 4, MaskZero = true)]
[Bidirectional]
[GRU(5)]
public partial class MaskedBiGru;
