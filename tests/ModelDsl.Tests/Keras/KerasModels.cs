// Declarations matching the Keras-layout fixtures written by Fixtures/make_fixtures.py, and near misses for the refusals.

namespace ModelDsl.Tests.Keras;

/// <summary>Both GRU forms with a Dropout between them, as gru_both_forms.h5.</summary>
[Model]
[Input(7, 5, DType = "float32")]
[GRU(6, ReturnSequences = true)]
[Dropout(0.5)]
[GRU(4, ResetAfter = false)]
[Dense(3, Activation = "softmax")]
public partial class KerasGruBothForms;

/// <summary>As <see cref="KerasGruBothForms"/> with the second GRU in reset_after form: its bias has another shape.</summary>
[Model]
[Input(7, 5, DType = "float32")]
[GRU(6, ReturnSequences = true)]
[GRU(4)]
[Dense(3, Activation = "softmax")]
public partial class KerasGruResetAfterOnly;

/// <summary>An LSTM where the file has a GRU.</summary>
[Model]
[Input(7, 5, DType = "float32")]
[LSTM(6, ReturnSequences = true)]
[GRU(4, ResetAfter = false)]
[Dense(3, Activation = "softmax")]
public partial class KerasLstmForGru;

/// <summary>Bidirectional SimpleRNN (concat) and LSTM (sum, hard_sigmoid), a GRU going backwards, a Dense without bias, as bidirectional.h5.</summary>
[Model]
[Input(6, 4, DType = "float32")]
[Bidirectional]
[SimpleRNN(5, ReturnSequences = true)]
[Bidirectional(Merges.Sum)]
[LSTM(3, ReturnSequences = true, RecurrentActivation = "hard_sigmoid")]
[GRU(4, GoBackwards = true)]
[Dense(2, UseBias = false)]
public partial class KerasBidirectionalStack;

/// <summary>As <see cref="KerasBidirectionalStack"/> with a bias on the last Dense, which the file does not have.</summary>
[Model]
[Input(6, 4, DType = "float32")]
[Bidirectional]
[SimpleRNN(5, ReturnSequences = true)]
[Bidirectional(Merges.Sum)]
[LSTM(3, ReturnSequences = true, RecurrentActivation = "hard_sigmoid")]
[GRU(4, GoBackwards = true)]
[Dense(2)]
public partial class KerasBidirectionalWithBias;

/// <summary>Embedding, Conv1D, global max pooling and a sigmoid head, as conv1d_weights.h5.</summary>
[Model]
[Input(12)]
[Embedding(50, 8)]
[Conv1D(6, 3, Activation = "relu")]
[GlobalMaxPooling1D]
[Dense(1, Activation = "sigmoid")]
public partial class KerasConvolution;

/// <summary>The IMDB model with a smaller LSTM than imdb_lstm.h5's.</summary>
[Model]
[Input(40)]
[Embedding(10000, 128)]
[LSTM(16)]
[Dense(1, Activation = "sigmoid")]
public partial class KerasImdbSmallerLstm;

/// <summary>A ConvLSTM2D(3, 2×2) over 2-channel frames, as conv_lstm2d_weights.h5.</summary>
[Model]
[Input(2, 5, 5, 2, DType = "float32")]
[ConvLSTM2D(3, 2, 2)]
public partial class KerasConvLstm;

/// <summary>As <see cref="KerasGruBothForms"/> with a Dense without bias, where the file has one.</summary>
[Model]
[Input(7, 5, DType = "float32")]
[GRU(6, ReturnSequences = true)]
[GRU(4, ResetAfter = false)]
[Dense(3, Activation = "softmax", UseBias = false)]
public partial class KerasGruWithoutDenseBias;

/// <summary>The layers of the functional model in functional.h5.</summary>
[Model]
[Input(12)]
[Embedding(50, 8)]
[SimpleRNN(4, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class KerasFunctionalRnn;

/// <summary>As <see cref="KerasGruBothForms"/> with a linear head where the Keras model has softmax.</summary>
[Model]
[Input(7, 5, DType = "float32")]
[GRU(6, ReturnSequences = true)]
[GRU(4, ResetAfter = false)]
[Dense(3)]
public partial class KerasGruLinearHead;

/// <summary>As <see cref="KerasBidirectionalStack"/> with sigmoid gates in the LSTM where the Keras model has hard_sigmoid.</summary>
[Model]
[Input(6, 4, DType = "float32")]
[Bidirectional]
[SimpleRNN(5, ReturnSequences = true)]
[Bidirectional(Merges.Sum)]
[LSTM(3, ReturnSequences = true)]
[GRU(4, GoBackwards = true)]
[Dense(2, UseBias = false)]
public partial class KerasBidirectionalSigmoidGates;
