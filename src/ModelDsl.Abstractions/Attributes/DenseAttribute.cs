using System;

namespace ModelDsl;

/// <summary>Keras <c>Dense(units)</c>: a fully connected layer over the last axis. <c>[B, …, F] -> [B, …, units]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int units) : LayerAttribute
{
    /// <summary>Number of outputs.</summary>
    public int Units { get; } = units;

    /// <summary><c>"linear"</c> (default), <c>"relu"</c>, <c>"sigmoid"</c>, <c>"softmax"</c> or <c>"tanh"</c>. See <see cref="Activations"/>.</summary>
    public string Activation { get; set; } = Activations.Linear;

    /// <summary>Whether the layer adds a bias vector (default <c>true</c>).</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>
    /// Keras <c>kernel_regularizer</c>: a penalty on the kernel added to the training loss, written as Keras writes it:
    /// <c>"l2(1e-4)"</c>, <c>"l1(0.01)"</c> or <c>"l1_l2(l1=0.01, l2=0.01)"</c>; checked at compile time (MDSL0026).
    /// </summary>
    public string? KernelRegularizer { get; set; }
}
