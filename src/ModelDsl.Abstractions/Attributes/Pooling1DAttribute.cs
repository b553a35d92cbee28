using System;

namespace ModelDsl;

/// <summary>
/// Options shared by <see cref="MaxPooling1DAttribute"/> and <see cref="AveragePooling1DAttribute"/>:
/// <c>[B, T, C] -> [B, T', C]</c>, a window of <see cref="PoolSize"/> steps every <see cref="Strides"/> steps.
/// Keras's local pools do not support masking: a padding mask ends here.
/// </summary>
public abstract class Pooling1DAttribute(int poolSize) : LayerAttribute
{
    /// <summary>The window length, in steps (Keras's default 2).</summary>
    public int PoolSize { get; } = poolSize;

    /// <summary>The step between windows; 0 (default) means the pool size, as Keras's <c>strides=None</c>.</summary>
    public int Strides { get; set; }

    /// <summary><c>"valid"</c> (default) or <c>"same"</c>. See <see cref="Paddings"/>; pools have no <c>"causal"</c> padding.</summary>
    public string Padding { get; set; } = Paddings.Valid;
}
