using System;

namespace ModelDsl;

/// <summary>What every layer attribute has: Keras's <c>name</c>.</summary>
public abstract class LayerAttribute : Attribute
{
    /// <summary>
    /// The layer's name (Keras's <c>name</c>): its row in <c>Summary()</c>, its generated field, its key in the model's
    /// <c>Layers</c> and what <c>Until</c> takes. Letters, digits and underscores, not starting with a digit; unique in the
    /// model. When not set, Keras's default (<c>lstm</c>, <c>lstm_1</c>, …). On <c>[Bidirectional]</c>, or on the layer it wraps.
    /// </summary>
    public string? Name { get; set; }
}
