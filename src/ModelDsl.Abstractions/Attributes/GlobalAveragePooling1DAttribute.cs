using System;

namespace ModelDsl;

/// <summary>
/// Keras <c>GlobalAveragePooling1D()</c>: the mean of each channel over time. <c>[B, T, C] -> [B, C]</c>. As in Keras, it
/// reads the padding mask of an <c>[Embedding(…, MaskZero = true)]</c> upstream and averages the real steps only.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling1DAttribute : LayerAttribute
{
}
