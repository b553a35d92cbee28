namespace ModelDsl.Layers;

/// <summary>The options of a recurrent layer, with Keras's names and defaults.</summary>
public sealed record RecurrentOptions
{
    /// <summary>Return every step <c>[B, T, units]</c> instead of the last <c>[B, units]</c>.</summary>
    public bool ReturnSequences { get; init; }

    /// <summary>Read the sequence last step first; outputs stay in processing order, as in Keras.</summary>
    public bool GoBackwards { get; init; }

    /// <summary>Whether the layer has bias vectors.</summary>
    public bool UseBias { get; init; } = true;

    /// <summary><c>"tanh"</c>, or <c>"relu"</c> for SimpleRNN.</summary>
    public string Activation { get; init; } = Activations.Tanh;

    /// <summary>Keras <c>dropout</c>: fraction of input features dropped while training, one mask per sequence.</summary>
    public double Dropout { get; init; }

    /// <summary>Keras <c>recurrent_dropout</c>: fraction of the state dropped while training, one mask per sequence.</summary>
    public double RecurrentDropout { get; init; }
}
