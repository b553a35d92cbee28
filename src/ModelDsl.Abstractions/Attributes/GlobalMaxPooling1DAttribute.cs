using System;

namespace ModelDsl;

/// <summary>
/// Keras <c>GlobalMaxPooling1D()</c>: the largest value of each channel over time. <c>[B, T, C] -> [B, C]</c>.
/// Like Keras's, it ignores a padding mask, which ends here.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPooling1DAttribute : LayerAttribute
{
}
