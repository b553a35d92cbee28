using System;

namespace ModelDsl;

/// <summary>
/// Keras <c>Conv1D(filters, kernel_size)</c>: a 1-D convolution over time, channels last. <c>[B, T, C] -> [B, T', filters]</c>,
/// where T' follows Keras: <c>T - (kernelSize - 1)·dilation</c> for <c>"valid"</c>, T for <c>"same"</c> and <c>"causal"</c>,
/// then divided by <see cref="Strides"/> rounding up. Keras's Conv1D does not support masking: a padding mask ends here.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class Conv1DAttribute(int filters, int kernelSize) : LayerAttribute
{
    /// <summary>The number of output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>The window length, in steps.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary><c>"linear"</c> (default), <c>"relu"</c>, <c>"sigmoid"</c>, <c>"softmax"</c> or <c>"tanh"</c>. See <see cref="Activations"/>.</summary>
    public string Activation { get; set; } = Activations.Linear;

    /// <summary><c>"valid"</c> (default), <c>"same"</c> or <c>"causal"</c>. See <see cref="Paddings"/>.</summary>
    public string Padding { get; set; } = Paddings.Valid;

    /// <summary>The step between windows (default 1).</summary>
    public int Strides { get; set; } = 1;

    /// <summary>The spacing between the kernel's taps (default 1); Keras allows it above 1 only with <see cref="Strides"/> 1.</summary>
    public int DilationRate { get; set; } = 1;

    /// <summary>Whether the layer adds a bias per filter (default <c>true</c>).</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>
    /// Keras <c>kernel_regularizer</c>, a penalty on the kernel added to the training loss, in Keras's spelling:
    /// <c>"l2(1e-4)"</c>, <c>"l1(0.01)"</c> or <c>"l1_l2(l1=0.01, l2=0.01)"</c>; checked at compile time (MDSL0026).
    /// </summary>
    public string? KernelRegularizer { get; set; }
}
