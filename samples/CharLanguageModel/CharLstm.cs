using ModelDsl;

namespace CharLanguageModel;

/// <summary>
/// Raschka's character-level language model (Python Machine Learning, 3rd ed., chapter 16): each character's id is
/// embedded, an LSTM reads the sequence, and a Dense layer scores the next character at every step. The scores are
/// logits (no softmax), read by the loss with <c>FromLogits</c> and by the sampler.
/// </summary>
[Model(Loss = "sparse_categorical_crossentropy", FromLogits = true, Optimizer = "adam")]
[Input(Dimension.Unknown)]               // [B, T] character ids (T = 40 in training, any length when sampling)
[Embedding(CharLstm.Characters, 256)]    // -> [B, T, 256]
[LSTM(512, ReturnSequences = true)]      // -> [B, T, 512]
[Dense(CharLstm.Characters)]             // -> [B, T, 80], a score per character at every step
public partial class CharLstm
{
    /// <summary>The distinct characters of <i>The Mysterious Island</i> between Raschka's start and end markers.</summary>
    public const int Characters = 80;
}

/// <summary>
/// <see cref="CharLstm"/> with a stateful LSTM (Keras's <c>stateful=True</c>, the <c>--stateful</c> option): the text is
/// read as <see cref="Streams"/> parallel streams, row i of each batch continuing row i of the previous one, so the LSTM
/// carries its memory across the 40-character chunks instead of starting every chunk from zeros.
/// </summary>
[Model(Loss = "sparse_categorical_crossentropy", FromLogits = true, Optimizer = "adam")]
[Input(Dimension.Unknown, BatchSize = StatefulCharLstm.Streams)]
[Embedding(CharLstm.Characters, 256)]
[LSTM(512, ReturnSequences = true, Stateful = true)]
[Dense(CharLstm.Characters)]
public partial class StatefulCharLstm
{
    /// <summary>The batch size: how many parallel streams of the text a batch holds.</summary>
    public const int Streams = 64;
}
