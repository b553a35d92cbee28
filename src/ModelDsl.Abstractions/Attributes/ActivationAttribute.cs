using System;

namespace ModelDsl;

/// <summary>Keras <c>Activation(name)</c>: applies an activation on its own, keeping the shape.</summary>
/// <param name="activation">One of <see cref="Activations"/>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute(string activation) : LayerAttribute
{
    /// <summary>The activation's Keras name.</summary>
    public string Activation { get; } = activation;
}
