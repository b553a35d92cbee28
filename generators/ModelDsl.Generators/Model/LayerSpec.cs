namespace ModelDsl.Generators.Model;

/// <summary>One layer's configuration as values, named with Keras's vocabulary.</summary>
internal abstract record LayerSpec
{
    /// <summary>The Keras class name, shown in summaries and diagnostics (<c>LSTM</c>).</summary>
    public abstract string KerasName { get; }

    /// <summary>The base of the generated field name, as Keras names layers (<c>simple_rnn</c>, then <c>simple_rnn_1</c>).</summary>
    public abstract string FieldBaseName { get; }
}

/// <summary><c>[Embedding(inputDim, outputDim)]</c>.</summary>
/// <param name="MaskZero">Keras <c>mask_zero</c>: id 0 is padding, and recurrent layers reading the sequence skip it.</param>
/// <param name="Trainable">Whether training updates the table; <c>false</c> freezes it.</param>
internal sealed record EmbeddingSpec(int InputDim, int OutputDim, bool MaskZero = false, bool Trainable = true) : LayerSpec
{
    public override string KerasName => "Embedding";

    public override string FieldBaseName => "embedding";
}

/// <summary>The three recurrent layer kinds, each backed by a fused libtorch kernel.</summary>
internal enum RecurrentKind
{
    SimpleRNN,
    GRU,
    LSTM,
}

/// <summary><c>[SimpleRNN(units)]</c>, <c>[GRU(units)]</c> and <c>[LSTM(units)]</c> with their options.</summary>
/// <param name="Dropout">Keras <c>dropout</c>: fraction of the input features dropped while training.</param>
/// <param name="RecurrentDropout">Keras <c>recurrent_dropout</c>: fraction of the state dropped while training.</param>
internal sealed record RecurrentSpec(
    RecurrentKind Kind,
    int Units,
    bool ReturnSequences,
    Activation Activation,
    bool UseBias,
    bool GoBackwards,
    double Dropout = 0,
    double RecurrentDropout = 0) : LayerSpec
{
    public override string KerasName => Kind.ToString();

    public override string FieldBaseName => Kind switch
    {
        RecurrentKind.SimpleRNN => "simple_rnn",
        RecurrentKind.GRU => "gru",
        _ => "lstm",
    };
}

/// <summary><c>[Bidirectional(merge)]</c> written directly above a recurrent layer, which it runs forward and backward.</summary>
/// <param name="Layer">The wrapped layer, as declared: the forward direction (the backward one is its reversed copy).</param>
internal sealed record BidirectionalSpec(RecurrentSpec Layer, BidirectionalMergeKind Merge) : LayerSpec
{
    public override string KerasName => "Bidirectional";

    public override string FieldBaseName => "bidirectional";

    /// <summary>Output features per step: both directions side by side for <c>concat</c>, one direction's otherwise.</summary>
    public int OutputUnits => Merge == BidirectionalMergeKind.Concat ? 2 * Layer.Units : Layer.Units;
}

/// <summary><c>[Dense(units)]</c>.</summary>
internal sealed record DenseSpec(int Units, Activation Activation, bool UseBias) : LayerSpec
{
    public override string KerasName => "Dense";

    public override string FieldBaseName => "dense";
}

/// <summary><c>[Dropout(rate)]</c>.</summary>
internal sealed record DropoutSpec(double Rate) : LayerSpec
{
    public override string KerasName => "Dropout";

    public override string FieldBaseName => "dropout";
}

/// <summary><c>[Flatten]</c>.</summary>
internal sealed record FlattenSpec : LayerSpec
{
    public override string KerasName => "Flatten";

    public override string FieldBaseName => "flatten";
}

/// <summary><c>[Activation(name)]</c>.</summary>
internal sealed record ActivationSpec(Activation Activation) : LayerSpec
{
    public override string KerasName => "Activation";

    public override string FieldBaseName => "activation";
}
