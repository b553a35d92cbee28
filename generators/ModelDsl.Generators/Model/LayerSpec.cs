using ModelDsl.Generators.Layers;

namespace ModelDsl.Generators.Model;

/// <summary>
/// One layer's configuration as values, named with Keras's vocabulary. Each kind's record lives in its kind file
/// (<c>Layers/EmbeddingKind.cs</c> …) beside the <see cref="Layers.LayerKind"/> that knows its rules.
/// </summary>
internal abstract record LayerSpec
{
    /// <summary>The kind that reads, checks, describes and emits this layer (a singleton: not part of the record's value).</summary>
    public abstract LayerKind LayerKind { get; }

    /// <summary>
    /// The name the user gave the layer (<c>Name = "encoder"</c>, Keras's <c>name</c>), read for every kind alike by
    /// <see cref="Parsing.LayerParser"/>; <c>null</c> for Keras's generated name.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The Keras class name, shown in summaries and diagnostics (<c>LSTM</c>).</summary>
    public string KerasName => LayerKind.KerasName(this);

    /// <summary>The base of the generated field name, as Keras names layers (<c>simple_rnn</c>, then <c>simple_rnn_1</c>).</summary>
    public string FieldBaseName => LayerKind.FieldBaseName(this);

    /// <summary>Short form for messages: <c>LSTM(32)</c>.</summary>
    public string Display() => LayerKind.Display(this);

    /// <summary>Long form with every option that differs from Keras's default: <c>LSTM(32, ReturnSequences = true)</c>.</summary>
    public string Describe() => LayerKind.Describe(this);
}
