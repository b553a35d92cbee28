using System;
using System.Collections.Generic;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Layers;

/// <summary>
/// Everything the generator knows about one kind of layer, in one place: how its attribute is read, its shape rule,
/// its part in the padding mask, how it is named and described, and how it is built and called in generated code.
/// Every part is abstract, so a kind that leaves one out does not compile; <see cref="LayerKinds"/> registers them.
/// The stages hold a <see cref="LayerSpec"/> (values) and ask its <see cref="LayerSpec.Kind"/>.
/// </summary>
internal abstract class LayerKind
{
    /// <param name="arity">How many tensors one call takes.</param>
    /// <param name="wraps">
    /// For an attribute that wraps the one written directly below it (<c>[Bidirectional] [LSTM(…)]</c>), which of those it
    /// wraps; <c>null</c> for a layer on its own.
    /// </param>
    /// <param name="attributes">The attributes that declare this kind (one, except SimpleRNN / GRU / LSTM, which share a kind).</param>
    protected LayerKind(int arity, Func<AttributeArguments, bool>? wraps, params Type[] attributes)
    {
        Arity = arity;
        _wraps = wraps;
        Attributes = attributes;
    }

    private readonly Func<AttributeArguments, bool>? _wraps;

    // --- Declaration ---

    /// <summary>The attributes that declare this kind (one, except SimpleRNN / GRU / LSTM, which share a kind).</summary>
    public IReadOnlyList<Type> Attributes { get; }

    /// <summary>The <see cref="LayerSpec"/> record this kind reads its attribute into.</summary>
    public abstract Type SpecType { get; }

    /// <summary>Whether the attribute wraps the one written directly below it (<c>[Bidirectional] [LSTM(…)]</c>), which is then part of this layer.</summary>
    public bool WrapsNextAttribute => _wraps is not null;

    /// <summary>For a kind that <see cref="WrapsNextAttribute"/>: whether <paramref name="next"/> is a layer it wraps, and so part of this one.</summary>
    public bool CanWrap(AttributeArguments next) => _wraps?.Invoke(next) ?? false;

    /// <summary>
    /// The layer as values, or <c>null</c> when the attribute is unusable (reported through <paramref name="parser"/>).
    /// <paramref name="wrapped"/> is the attribute below, for a kind that <see cref="WrapsNextAttribute"/>.
    /// </summary>
    public abstract LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser);

    /// <summary>The <c>ModelDsl.Layers</c> type a graph model's property holding this layer is declared as; <c>null</c> when it cannot be a property.</summary>
    public abstract string? PropertyType(LayerSpec spec);

    // --- Names and text ---

    /// <summary>The Keras class name, shown in summaries and diagnostics (<c>LSTM</c>).</summary>
    public abstract string KerasName(LayerSpec spec);

    /// <summary>The base of the generated field name, as Keras names layers (<c>simple_rnn</c>, then <c>simple_rnn_1</c>).</summary>
    public abstract string FieldBaseName(LayerSpec spec);

    /// <summary>Short form for messages: <c>LSTM(32)</c>.</summary>
    public abstract string Display(LayerSpec spec);

    /// <summary>Long form with every option that differs from Keras's default: <c>LSTM(32, ReturnSequences = true)</c>.</summary>
    public abstract string Describe(LayerSpec spec);

    // --- Shapes ---

    /// <summary>How many tensors one call takes.</summary>
    public int Arity { get; }

    /// <summary>The output for <paramref name="inputs"/> (<see cref="Arity"/> of them), or why the layer cannot take them.</summary>
    public abstract ShapeResult Infer(LayerSpec spec, IReadOnlyList<LayerInput> inputs);

    /// <summary>
    /// The layer as a call of this form (<c>call</c>, <c>ForwardBoth</c>) on <paramref name="property"/> computes it
    /// (<c>ForwardBoth</c> gives a Bidirectional's directions unmerged), or why the layer cannot be called so.
    /// </summary>
    public abstract (LayerSpec Spec, ShapeError? Error) AsCalled(LayerSpec spec, LayerCallKind call, string property);

    /// <summary>The recurrent layer the output is "from" for stacking messages: the layer itself when recurrent, the input's when it passes it on, else none.</summary>
    public abstract RecurrentSource? SourceAfter(LayerSpec spec, int index, LayerInput input);

    /// <summary>The input size the weights are built for (the last axis of the first input); <c>null</c> when the weights do not depend on it.</summary>
    public abstract Dim? WeightSizingDim(LayerSpec spec, TensorType input);

    /// <summary>The activation the output passed through last, for the loss check; <c>null</c> when the layer passes its input's on (Dropout).</summary>
    public abstract Activation? OutputActivation(LayerSpec spec);

    /// <summary>The final activation that training can leave out to read logits (sigmoid / softmax of a Dense), or <c>null</c>.</summary>
    public abstract Activation? LogitsActivation(LayerSpec spec);

    /// <summary>
    /// Whether the layer carries state from one batch to the next (Keras <c>stateful</c>), which the generated
    /// <c>ResetStates()</c> resets and which needs a fixed batch size. Virtual rather than abstract: most kinds never are.
    /// </summary>
    public virtual bool IsStateful(LayerSpec spec) => false;

    /// <summary>The vocabulary size the layer reads token ids up to, for the command line's text input; <c>null</c> when it reads no ids.</summary>
    public abstract int? VocabularySize(LayerSpec spec);

    // --- Padding mask (Keras's mask_zero) ---

    /// <summary>What the layer does with a padding mask, given its <paramref name="output"/>.</summary>
    public abstract MaskUse Mask(LayerSpec spec, TensorType output);

    // --- Generated code ---

    /// <summary>The field's type, or <c>null</c> for a layer without a module (Activation).</summary>
    public abstract string? FieldType(LayerSpec spec);

    /// <summary>The expression assigned to the field for a first input <paramref name="input"/>; <c>null</c> without a module.</summary>
    public abstract string? Construction(LayerSpec spec, TensorType input);

    /// <summary>The call of <paramref name="field"/> on <paramref name="source"/> (the arguments); <paramref name="mask"/> is the padding mask it reads, if any.</summary>
    public abstract string Call(LayerSpec spec, LayerCallKind call, string field, string source, string? mask);

    /// <summary>The shape comment beside the call in <c>forward</c>.</summary>
    public abstract string Comment(LayerSpec spec, TensorType input, TensorType output, bool readsMask);

    /// <summary>
    /// The line of <c>ExportOnnx</c> matching <see cref="Call"/>: what writes the call into the ONNX graph
    /// <paramref name="graph"/> (a <c>ModelDsl.Onnx.OnnxGraphBuilder</c>), from <paramref name="source"/> (the graph values of
    /// the arguments), naming its weights after <paramref name="name"/>.
    /// </summary>
    public abstract string OnnxCall(LayerSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask);
}

/// <summary>
/// A <see cref="LayerKind"/> over its own spec type: the parts take <typeparamref name="TSpec"/>, and the untyped parts
/// the stages call cast to it once, here.
/// </summary>
internal abstract class LayerKind<TSpec> : LayerKind
    where TSpec : LayerSpec
{
    protected LayerKind(int arity, Func<AttributeArguments, bool>? wraps, params Type[] attributes)
        : base(arity, wraps, attributes)
    {
    }

    public sealed override Type SpecType => typeof(TSpec);

    public abstract string? PropertyType(TSpec spec);

    public abstract string KerasName(TSpec spec);

    public abstract string FieldBaseName(TSpec spec);

    public abstract string Display(TSpec spec);

    public abstract string Describe(TSpec spec);

    public abstract ShapeResult Infer(TSpec spec, IReadOnlyList<LayerInput> inputs);

    public abstract (LayerSpec Spec, ShapeError? Error) AsCalled(TSpec spec, LayerCallKind call, string property);

    public abstract RecurrentSource? SourceAfter(TSpec spec, int index, LayerInput input);

    public abstract int? VocabularySize(TSpec spec);

    public abstract Dim? WeightSizingDim(TSpec spec, TensorType input);

    public abstract Activation? OutputActivation(TSpec spec);

    public abstract Activation? LogitsActivation(TSpec spec);

    public abstract MaskUse Mask(TSpec spec, TensorType output);

    public abstract string? FieldType(TSpec spec);

    public abstract string? Construction(TSpec spec, TensorType input);

    public abstract string Call(TSpec spec, LayerCallKind call, string field, string source, string? mask);

    public abstract string Comment(TSpec spec, TensorType input, TensorType output, bool readsMask);

    public abstract string OnnxCall(TSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask);

    public sealed override string? PropertyType(LayerSpec spec) => PropertyType((TSpec)spec);

    public sealed override string KerasName(LayerSpec spec) => KerasName((TSpec)spec);

    public sealed override string FieldBaseName(LayerSpec spec) => FieldBaseName((TSpec)spec);

    public sealed override string Display(LayerSpec spec) => Display((TSpec)spec);

    public sealed override string Describe(LayerSpec spec) => Describe((TSpec)spec);

    public sealed override ShapeResult Infer(LayerSpec spec, IReadOnlyList<LayerInput> inputs) => Infer((TSpec)spec, inputs);

    public sealed override (LayerSpec Spec, ShapeError? Error) AsCalled(LayerSpec spec, LayerCallKind call, string property) => AsCalled((TSpec)spec, call, property);

    public sealed override int? VocabularySize(LayerSpec spec) => VocabularySize((TSpec)spec);

    public sealed override RecurrentSource? SourceAfter(LayerSpec spec, int index, LayerInput input) => SourceAfter((TSpec)spec, index, input);

    public sealed override Dim? WeightSizingDim(LayerSpec spec, TensorType input) => WeightSizingDim((TSpec)spec, input);

    public sealed override Activation? OutputActivation(LayerSpec spec) => OutputActivation((TSpec)spec);

    public sealed override Activation? LogitsActivation(LayerSpec spec) => LogitsActivation((TSpec)spec);

    public sealed override MaskUse Mask(LayerSpec spec, TensorType output) => Mask((TSpec)spec, output);

    public sealed override string? FieldType(LayerSpec spec) => FieldType((TSpec)spec);

    public sealed override string? Construction(LayerSpec spec, TensorType input) => Construction((TSpec)spec, input);

    public sealed override string Call(LayerSpec spec, LayerCallKind call, string field, string source, string? mask) => Call((TSpec)spec, call, field, source, mask);

    public sealed override string Comment(LayerSpec spec, TensorType input, TensorType output, bool readsMask) => Comment((TSpec)spec, input, output, readsMask);

    public sealed override string OnnxCall(LayerSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxCall((TSpec)spec, call, field, graph, name, source, mask);
}

/// <summary>A layer's part in Keras's padding mask (<c>Embedding(mask_zero=True)</c>).</summary>
[Flags]
internal enum MaskUse
{
    /// <summary>A mask reaching the layer ends there.</summary>
    None = 0,

    /// <summary>The layer makes a padding mask from its input ids.</summary>
    Computes = 1,

    /// <summary>The layer reads the mask and skips the padded steps.</summary>
    Reads = 2,

    /// <summary>The mask still applies to the output (the layer keeps the time axis).</summary>
    Passes = 4,

    /// <summary>
    /// The layer keeps the time axis but cannot carry the mask (Keras's convolutions and local pools do not support
    /// masking): the mask ends there, and if no layer read it before, MDSL0106 names this layer.
    /// </summary>
    Stops = 8,
}
