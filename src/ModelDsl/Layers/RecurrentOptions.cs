namespace ModelDsl.Layers;

/// <summary>The options of a recurrent layer, with Keras's names and defaults.</summary>
public sealed record RecurrentOptions
{
    /// <summary>Return every step <c>[B, T, units]</c> instead of the last <c>[B, units]</c>.</summary>
    public bool ReturnSequences { get; init; }

    /// <summary>Read the sequence last step first; outputs stay in processing order, as in Keras.</summary>
    public bool GoBackwards { get; init; }

    /// <summary>Whether the layer has bias vectors.</summary>
    public bool UseBias { get; init; } = true;

    /// <summary><c>"tanh"</c>, or <c>"relu"</c> for SimpleRNN.</summary>
    public string Activation { get; init; } = Activations.Tanh;

    /// <summary>
    /// The gates' activation (Keras <c>recurrent_activation</c>, GRU and LSTM): <c>"sigmoid"</c> (tf.keras 2's default,
    /// and libtorch's) or <c>"hard_sigmoid"</c> (Keras 2.0–2.2's default: <c>clip(0.2·x + 0.5, 0, 1)</c>), which runs the cell loop.
    /// </summary>
    public string RecurrentActivation { get; init; } = RecurrentActivations.Sigmoid;

    /// <summary>
    /// GRU only, Keras <c>reset_after</c>: <c>true</c> (tf.keras 2's default, libtorch's GRU) applies the reset gate after the
    /// recurrent matmul; <c>false</c> (Keras 2.0–2.2) applies it to the state before, with one bias, and runs the cell loop.
    /// </summary>
    public bool ResetAfter { get; init; } = true;

    /// <summary>
    /// Keras <c>stateful</c>: each call starts from the state the previous call ended in (row i of a batch continues row i
    /// of the last batch) instead of zeros, until <see cref="RecurrentLayer.ResetStates"/>. Batches must keep their size.
    /// The carried state is detached: gradients stop at the batch boundary, as in Keras.
    /// </summary>
    public bool Stateful { get; init; }

    /// <summary>Keras <c>kernel_regularizer</c>: a penalty on the input kernel (<c>weight_ih</c>) added to the training loss.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    /// <summary>Keras <c>recurrent_regularizer</c>: a penalty on the recurrent kernel (<c>weight_hh</c>) added to the training loss.</summary>
    public Regularizer? RecurrentRegularizer { get; init; }

    /// <summary>Keras <c>dropout</c>: fraction of input features dropped while training, one mask per sequence.</summary>
    public double Dropout { get; init; }

    /// <summary>Keras <c>recurrent_dropout</c>: fraction of the state dropped while training, one mask per sequence.</summary>
    public double RecurrentDropout { get; init; }
}
