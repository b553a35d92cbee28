// Models whose safetensors exports Fixtures/check_safetensors.py loads into the equivalent PyTorch modules.

namespace ModelDsl.Tests.PyTorch;

/// <summary>The IMDB LSTM's layers at a small size: PyTorch's nn.Embedding, nn.LSTM(batch_first=True), nn.Linear.</summary>
[Model]
[Input(10)]
[Embedding(100, 8)]
[LSTM(6)]
[Dense(1, Activation = "sigmoid")]
public partial class TorchSmallLstm;

/// <summary>A bidirectional GRU (one nn.GRU(bidirectional=True)) feeding an nn.RNN, softmax head.</summary>
[Model]
[Input(10)]
[Embedding(100, 8)]
[Bidirectional]
[GRU(5, ReturnSequences = true)]
[SimpleRNN(4)]
[Dense(3, Activation = "softmax")]
public partial class TorchBidirectionalGru;

/// <summary>Conv1D over embeddings (nn.Conv1d on channels-first), global max pooling, linear head.</summary>
[Model]
[Input(10)]
[Embedding(100, 8)]
[Conv1D(6, 3, Activation = "relu")]
[GlobalMaxPooling1D]
[Dense(2)]
public partial class TorchConvolution;

/// <summary>As <see cref="TorchSmallLstm"/> with 4 LSTM units instead of 6.</summary>
[Model]
[Input(10)]
[Embedding(100, 8)]
[LSTM(4)]
[Dense(1, Activation = "sigmoid")]
public partial class TorchLstmOfFourUnits;
