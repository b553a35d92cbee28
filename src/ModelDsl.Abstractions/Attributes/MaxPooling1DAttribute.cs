using System;

namespace ModelDsl;

/// <summary>Keras <c>MaxPooling1D(pool_size)</c>: the largest value of each window, per channel. <c>[B, T, C] -> [B, T', C]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class MaxPooling1DAttribute(int poolSize = 2) : Pooling1DAttribute(poolSize)
{
}
