using System;

namespace ModelDsl;

/// <summary>Keras <c>Dropout(rate)</c>: zeroes a fraction <paramref name="rate"/> of the inputs while training, none at inference.</summary>
/// <param name="rate">Fraction to drop, in [0, 1).</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(double rate) : LayerAttribute
{
    /// <summary>Fraction to drop.</summary>
    public double Rate { get; } = rate;
}
