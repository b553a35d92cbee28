using System;

namespace ModelDsl;

/// <summary>Keras <c>Flatten()</c>: <c>[B, d1, d2, …] -> [B, d1·d2·…]</c>. Every dimension must be known.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}
