using System;

namespace ModelDsl;

/// <summary>
/// The shape of one example, without the batch dimension, as Keras's <c>Input(shape=…)</c>.
/// <c>[Input(40)]</c> is 40 token ids per example (<c>[batch, 40]</c> int64);
/// <c>[Input(1000, DType = "float32")]</c> is a feature vector. Use <see cref="Dimension.Unknown"/>
/// for a sequence length that varies between batches.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares the per-example shape.</summary>
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>The per-example shape; <see cref="Dimension.Unknown"/> marks a varying length.</summary>
    public int[] Shape { get; }

    /// <summary><c>"int64"</c> (token ids, the default), <c>"int32"</c> (token ids as 32-bit integers) or <c>"float32"</c> (features). See <see cref="DTypes"/>.</summary>
    public string DType { get; set; } = DTypes.Int64;

    /// <summary>
    /// A fixed batch size (Keras's <c>batch_input_shape</c> / <c>batch_size</c>); 0 (default) for any. Required when a
    /// layer is <see cref="RecurrentAttribute.Stateful"/> (MDSL0027); <c>forward</c> then accepts only batches of this size.
    /// </summary>
    public int BatchSize { get; set; }
}
