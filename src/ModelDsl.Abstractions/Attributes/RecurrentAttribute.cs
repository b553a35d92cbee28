using System;

namespace ModelDsl;

/// <summary>Options shared by <see cref="SimpleRNNAttribute"/>, <see cref="GRUAttribute"/> and <see cref="LSTMAttribute"/>.</summary>
public abstract class RecurrentAttribute(int units) : LayerAttribute
{
    /// <summary>Size of the hidden state.</summary>
    public int Units { get; } = units;

    /// <summary>
    /// <c>false</c> (Keras's default): output the last step, <c>[B, units]</c>.
    /// <c>true</c>: output every step, <c>[B, T, units]</c>, as a recurrent layer stacked above needs.
    /// </summary>
    public bool ReturnSequences { get; set; }

    /// <summary>Activation of the candidate state: <c>"tanh"</c> (default); SimpleRNN also takes <c>"relu"</c>.</summary>
    public string Activation { get; set; } = Activations.Tanh;

    /// <summary>Whether the layer has bias vectors (default <c>true</c>).</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Read the sequence from its last step to its first; with <see cref="ReturnSequences"/> the outputs come back in that reversed order, as in Keras.</summary>
    public bool GoBackwards { get; set; }

    /// <summary>
    /// Fraction of the input features dropped while training (Keras <c>dropout</c>): one mask per
    /// sequence, reused at every step. Setting it (or <see cref="RecurrentDropout"/>) runs a cell loop
    /// while training instead of the fused kernel.
    /// </summary>
    public double Dropout { get; set; }

    /// <summary>Fraction of the recurrent state dropped while training (Keras <c>recurrent_dropout</c>), one mask per sequence.</summary>
    public double RecurrentDropout { get; set; }

    /// <summary>
    /// GRU and LSTM: the gates' activation (Keras <c>recurrent_activation</c>), <c>"sigmoid"</c> (default) or
    /// <c>"hard_sigmoid"</c> (Keras 2.0–2.2's default), which runs the cell loop. See <see cref="RecurrentActivations"/>.
    /// SimpleRNN has no gates, so setting it there is an error (MDSL0025).
    /// </summary>
    public string RecurrentActivation { get; set; } = RecurrentActivations.Sigmoid;

    /// <summary>
    /// GRU only, Keras <c>reset_after</c>: <c>true</c> (default, tf.keras 2 and libtorch) applies the reset gate after the
    /// recurrent matmul, with two bias vectors; <c>false</c> (Keras 2.0–2.2) applies it to the state before, with one bias,
    /// and runs the cell loop. Setting it on SimpleRNN or LSTM is an error (MDSL0025).
    /// </summary>
    public bool ResetAfter { get; set; } = true;

    /// <summary>
    /// Keras <c>stateful</c>: each batch starts from the state the previous one ended in (row i continues row i) instead of
    /// zeros, until the generated model's <c>ResetStates()</c>. Needs a fixed batch size: set
    /// <see cref="InputAttribute.BatchSize"/> (MDSL0027).
    /// </summary>
    public bool Stateful { get; set; }

    /// <summary>
    /// Keras <c>kernel_regularizer</c>: a penalty on the input kernel added to the training loss, written as Keras writes it:
    /// <c>"l2(1e-4)"</c>, <c>"l1(0.01)"</c> or <c>"l1_l2(l1=0.01, l2=0.01)"</c>; checked at compile time (MDSL0026).
    /// </summary>
    public string? KernelRegularizer { get; set; }

    /// <summary>
    /// Keras <c>recurrent_regularizer</c>: a penalty on the recurrent kernel added to the training loss, written as Keras writes it:
    /// <c>"l2(1e-4)"</c>, <c>"l1(0.01)"</c> or <c>"l1_l2(l1=0.01, l2=0.01)"</c>; checked at compile time (MDSL0026).
    /// </summary>
    public string? RecurrentRegularizer { get; set; }
}

/// <summary>Keras <c>SimpleRNN(units)</c>: <c>h_t = activation(x_t·W + h_{t-1}·U + b)</c>. <c>[B, T, F] -> [B, units]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class SimpleRNNAttribute(int units) : RecurrentAttribute(units);

/// <summary>Keras <c>GRU(units)</c>, by default with <c>reset_after=True</c> (the Keras 2 default, and libtorch's formulation; see <see cref="RecurrentAttribute.ResetAfter"/>). <c>[B, T, F] -> [B, units]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class GRUAttribute(int units) : RecurrentAttribute(units);

/// <summary>Keras <c>LSTM(units)</c>. <c>[B, T, F] -> [B, units]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class LSTMAttribute(int units) : RecurrentAttribute(units);
