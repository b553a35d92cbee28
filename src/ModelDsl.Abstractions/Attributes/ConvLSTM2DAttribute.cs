using System;

namespace ModelDsl;

/// <summary>
/// Keras <c>ConvLSTM2D(filters, kernel_size)</c>: an LSTM whose products are 2-D convolutions, over sequences of frames,
/// channels last. <c>[B, T, rows, cols, C] -> [B, rows', cols', filters]</c>, or <c>[B, T, rows', cols', filters]</c> with
/// <see cref="ReturnSequences"/>; rows' and cols' shrink by the kernel less one with <c>"valid"</c> padding.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ConvLSTM2DAttribute(int filters, int kernelRows, int kernelCols) : LayerAttribute
{
    /// <summary>The output channels (and the state's).</summary>
    public int Filters { get; } = filters;

    /// <summary>The kernel's height.</summary>
    public int KernelRows { get; } = kernelRows;

    /// <summary>The kernel's width.</summary>
    public int KernelCols { get; } = kernelCols;

    /// <summary><c>"valid"</c> (default) or <c>"same"</c>, for the input convolution. See <see cref="Paddings"/>.</summary>
    public string Padding { get; set; } = Paddings.Valid;

    /// <summary><c>false</c> (Keras's default): output the last step. <c>true</c>: output every step.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>The gates' activation: <c>"hard_sigmoid"</c> (default, Keras 2's) or <c>"sigmoid"</c>. See <see cref="RecurrentActivations"/>.</summary>
    public string RecurrentActivation { get; set; } = RecurrentActivations.HardSigmoid;

    /// <summary>Whether the gates have a bias (default <c>true</c>).</summary>
    public bool UseBias { get; set; } = true;
}
