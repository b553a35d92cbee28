using System;

namespace ModelDsl;

/// <summary>Keras <c>AveragePooling1D(pool_size)</c>: the mean of each window, per channel. <c>[B, T, C] -> [B, T', C]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling1DAttribute(int poolSize = 2) : Pooling1DAttribute(poolSize)
{
}
