using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

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
/// <param name="RecurrentActivation">Keras <c>recurrent_activation</c> (GRU and LSTM gates), by its Keras name.</param>
/// <param name="ResetAfter">GRU's Keras <c>reset_after</c>.</param>
/// <param name="KernelRegularizer">Keras <c>kernel_regularizer</c> (input kernel), or <c>null</c>.</param>
/// <param name="Stateful">Keras <c>stateful</c>: the state carries over from one batch to the next.</param>
/// <param name="RecurrentRegularizer">Keras <c>recurrent_regularizer</c> (recurrent kernel), or <c>null</c>.</param>
internal sealed record RecurrentSpec(
    RecurrentKind Kind,
    int Units,
    bool ReturnSequences,
    Activation Activation,
    bool UseBias,
    bool GoBackwards,
    double Dropout = 0,
    double RecurrentDropout = 0,
    string RecurrentActivation = RecurrentActivations.Sigmoid,
    bool ResetAfter = true,
    RegularizerSpec? KernelRegularizer = null,
    RegularizerSpec? RecurrentRegularizer = null,
    bool Stateful = false) : LayerSpec
{
    // Named LayerKind rather than Kind: Kind is the recurrent cell above.
    public override LayerKind LayerKind => RecurrentLayerKind.Instance;
}

/// <summary>
/// SimpleRNN, GRU and LSTM read <c>[B, T, F]</c> and output the last step <c>[B, units]</c>, or every step
/// <c>[B, T, units]</c> with <c>ReturnSequences</c>. The Keras semantics (GoBackwards, the last step, masks, dropout)
/// live in the runtime layer; the generated code passes the options that differ from Keras's defaults.
/// </summary>
internal sealed class RecurrentLayerKind : LayerKind<RecurrentSpec>
{
    private const int SequenceRank = 3;

    // Before Instance: its constructor reads them.
    private static readonly Dictionary<Type, RecurrentKind> Cells = new()
    {
        [typeof(SimpleRNNAttribute)] = RecurrentKind.SimpleRNN,
        [typeof(GRUAttribute)] = RecurrentKind.GRU,
        [typeof(LSTMAttribute)] = RecurrentKind.LSTM,
    };

    public static readonly RecurrentLayerKind Instance = new();

    private RecurrentLayerKind()
        : base(arity: 1, wraps: null, Cells.Keys.ToArray())
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var kind = Cells.First(c => attribute.Is(c.Key)).Value;
        var units = parser.Positive(attribute, nameof(RecurrentAttribute.Units), $"{kind} units");
        var activation = ReadActivation(attribute, kind, parser);
        var dropout = parser.RateOption(attribute, nameof(RecurrentAttribute.Dropout), $"{kind} {nameof(RecurrentAttribute.Dropout)}");
        var recurrentDropout = parser.RateOption(attribute, nameof(RecurrentAttribute.RecurrentDropout), $"{kind} {nameof(RecurrentAttribute.RecurrentDropout)}");
        var gatesApply = parser.OptionApplies(attribute, nameof(RecurrentAttribute.RecurrentActivation), kind.ToString(), kind != RecurrentKind.SimpleRNN, "a SimpleRNN has no gates");
        var recurrentActivation = gatesApply
            ? parser.NameOption(attribute, nameof(RecurrentAttribute.RecurrentActivation), KerasVocabulary.RecurrentActivations, RecurrentActivations.Sigmoid)
            : null;
        var resetAfterApplies = parser.OptionApplies(attribute, nameof(RecurrentAttribute.ResetAfter), kind.ToString(), kind == RecurrentKind.GRU, "Keras's reset_after is GRU's only");
        var kernelRegularizer = parser.RegularizerOption(attribute, nameof(RecurrentAttribute.KernelRegularizer), kind.ToString());
        var recurrentRegularizer = parser.RegularizerOption(attribute, nameof(RecurrentAttribute.RecurrentRegularizer), kind.ToString());
        if (!units || activation is null || dropout is null || recurrentDropout is null || recurrentActivation is null || !resetAfterApplies ||
            !kernelRegularizer.Valid || !recurrentRegularizer.Valid)
        {
            return null;
        }

        return new RecurrentSpec(
            kind,
            attribute.Int(nameof(RecurrentAttribute.Units)),
            ReturnSequences: attribute.Bool(nameof(RecurrentAttribute.ReturnSequences), false),
            activation.Value,
            UseBias: attribute.Bool(nameof(RecurrentAttribute.UseBias), true),
            GoBackwards: attribute.Bool(nameof(RecurrentAttribute.GoBackwards), false),
            Dropout: dropout.Value,
            RecurrentDropout: recurrentDropout.Value,
            RecurrentActivation: recurrentActivation,
            ResetAfter: attribute.Bool(nameof(RecurrentAttribute.ResetAfter), true),
            KernelRegularizer: kernelRegularizer.Value,
            RecurrentRegularizer: recurrentRegularizer.Value,
            Stateful: attribute.Bool(nameof(RecurrentAttribute.Stateful), false));
    }

    /// <summary>libtorch's fused kernels fix the recurrent activations: tanh everywhere, relu also for SimpleRNN.</summary>
    private static Activation? ReadActivation(AttributeArguments attribute, RecurrentKind kind, LayerParser parser)
    {
        var supported = kind == RecurrentKind.SimpleRNN ? new[] { Activation.Tanh, Activation.Relu } : new[] { Activation.Tanh };
        var activation = parser.ActivationOption(attribute, nameof(RecurrentAttribute.Activation), kind.ToString(), Activation.Tanh, supported);
        if (activation is null)
        {
            return null;
        }

        if (!supported.Contains(activation.Value))
        {
            parser.Report(
                DiagnosticDescriptors.UnsupportedOptionValue,
                attribute.NamedArgumentLocation(nameof(RecurrentAttribute.Activation)),
                kind.ToString(), "activation", activation.Value.KerasName(),
                "libtorch's fused kernel computes its activation itself",
                KerasVocabulary.List(supported.Select(a => a.KerasName())));
            return null;
        }

        return activation;
    }

    public override string? PropertyType(RecurrentSpec spec) => spec.Kind.ToString();

    public override string KerasName(RecurrentSpec spec) => spec.Kind.ToString();

    public override string FieldBaseName(RecurrentSpec spec) => spec.Kind switch
    {
        RecurrentKind.SimpleRNN => "simple_rnn",
        RecurrentKind.GRU => "gru",
        _ => "lstm",
    };

    public override string Display(RecurrentSpec spec) => $"{KerasName(spec)}({Int(spec.Units)})";

    public override string Describe(RecurrentSpec spec)
    {
        var options = new List<string>();
        AddIf(options, spec.ReturnSequences, "ReturnSequences = true");
        AddIf(options, spec.Activation != Activation.Tanh, $"Activation = \"{spec.Activation.KerasName()}\"");
        AddIf(options, !spec.UseBias, "UseBias = false");
        AddIf(options, spec.GoBackwards, "GoBackwards = true");
        AddIf(options, spec.Dropout != 0, $"Dropout = {Number(spec.Dropout)}");
        AddIf(options, spec.RecurrentDropout != 0, $"RecurrentDropout = {Number(spec.RecurrentDropout)}");
        AddIf(options, spec.RecurrentActivation != RecurrentActivations.Sigmoid, $"RecurrentActivation = \"{spec.RecurrentActivation}\"");
        AddIf(options, !spec.ResetAfter, "ResetAfter = false");
        AddRegularizer(options, nameof(RecurrentAttribute.KernelRegularizer), spec.KernelRegularizer);
        AddRegularizer(options, nameof(RecurrentAttribute.RecurrentRegularizer), spec.RecurrentRegularizer);
        AddIf(options, spec.Stateful, "Stateful = true");
        return WithOptions(Display(spec), options);
    }

    public override ShapeResult Infer(RecurrentSpec spec, IReadOnlyList<LayerInput> inputs) =>
        CheckSequence(spec, inputs[0]) is { } error ? error : Output(spec, spec.Units, inputs[0].Type);

    /// <summary>
    /// Why <paramref name="layer"/> (a recurrent layer, or a wrapper of one, named so in messages) cannot
    /// read <paramref name="input"/> as a sequence; <c>null</c> when it can.
    /// </summary>
    public static ShapeError? CheckSequence(LayerSpec layer, LayerInput input)
    {
        var type = input.Type;
        if (CommonShapeChecks.RequireFloat(layer, type) is { } notFloat)
        {
            return notFloat;
        }

        if (type.Shape.Rank != SequenceRank)
        {
            if (input.Source is { } source && !source.ReturnsSequences)
            {
                // The stack is right except for the recurrent layer above: say so there, not here.
                return new ShapeError(
                    DiagnosticDescriptors.RecurrentLayerMustReturnSequences,
                    new[] { source.Layer.Display(), layer.Display(), type.Shape.ToString(), source.OutputWithSequences().Shape.ToString() }.ToEquatableArray(),
                    ReportAt: source.Index);
            }

            return ShapeError.Create(
                DiagnosticDescriptors.RankMismatch,
                layer.Display(), "3", "[batch, time, features]", type.Shape.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), type.ToString(),
                CommonShapeChecks.SequenceFix(type));
        }

        return CommonShapeChecks.RequireKnownLast(layer, type);
    }

    /// <summary>The output of a layer reading the sequence <paramref name="input"/> with <paramref name="features"/> per output step.</summary>
    public static TensorType Output(RecurrentSpec layer, int features, TensorType input)
    {
        var last = Dim.Of(features);
        var shape = layer.ReturnSequences ? input.Shape.WithLast(last) : input.Shape.Without(1).WithLast(last);
        return new TensorType(shape, ElementType.Float32);
    }

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(RecurrentSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(RecurrentSpec spec) => null;

    public override bool IsStateful(LayerSpec spec) => ((RecurrentSpec)spec).Stateful;

    public override RecurrentSource? SourceAfter(RecurrentSpec spec, int index, LayerInput input) => new(spec, index, input.Type);

    public override Dim? WeightSizingDim(RecurrentSpec spec, TensorType input) => input.Shape.Last;

    public override Activation? OutputActivation(RecurrentSpec spec) => spec.Activation;

    public override Activation? LogitsActivation(RecurrentSpec spec) => null;

    public override MaskUse Mask(RecurrentSpec spec, TensorType output) => MaskUse.Reads | (spec.ReturnSequences ? MaskUse.Passes : MaskUse.None);

    public override string? FieldType(RecurrentSpec spec) => $"{LayersNamespace}.{spec.Kind}";

    public override string? Construction(RecurrentSpec spec, TensorType input) => $"new({Arguments(spec, input)})";

    /// <summary><c>inputSize, units</c> and, when any option is not Keras's default, <c>new() { … }</c> with those options.</summary>
    public static string Arguments(RecurrentSpec spec, TensorType input)
    {
        var options = new List<string>();
        AddIf(options, spec.ReturnSequences, "ReturnSequences = true");
        AddIf(options, spec.GoBackwards, "GoBackwards = true");
        AddIf(options, !spec.UseBias, "UseBias = false");
        AddIf(options, spec.Activation != Activation.Tanh, $"Activation = \"{spec.Activation.KerasName()}\"");
        AddIf(options, spec.Dropout != 0, $"Dropout = {Number(spec.Dropout)}");
        AddIf(options, spec.RecurrentDropout != 0, $"RecurrentDropout = {Number(spec.RecurrentDropout)}");
        AddIf(options, spec.RecurrentActivation != RecurrentActivations.Sigmoid, $"RecurrentActivation = \"{spec.RecurrentActivation}\"");
        AddIf(options, !spec.ResetAfter, "ResetAfter = false");
        AddIf(options, spec.KernelRegularizer is not null, $"KernelRegularizer = {spec.KernelRegularizer?.Code}");
        AddIf(options, spec.RecurrentRegularizer is not null, $"RecurrentRegularizer = {spec.RecurrentRegularizer?.Code}");
        AddIf(options, spec.Stateful, "Stateful = true");

        var sizes = $"{Int(input.Shape.Last.Size)}, {Int(spec.Units)}";
        return options.Count == 0 ? sizes : $"{sizes}, new() {{ {string.Join(", ", options)} }}";
    }

    public override string Call(RecurrentSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask);

    public override string Comment(RecurrentSpec spec, TensorType input, TensorType output, bool readsMask)
    {
        var notes = new List<string>();
        AddIf(notes, spec.GoBackwards, "time reversed (GoBackwards)");
        AddIf(notes, !spec.ReturnSequences, "last step");
        AddIf(notes, readsMask, "padding skipped");
        AddIf(notes, spec.Stateful, "state carried over");
        AddIf(notes, HasDropout(spec), "dropout while training");
        return Mapping(input, output, notes);
    }

    public static bool HasDropout(RecurrentSpec spec) => spec.Dropout != 0 || spec.RecurrentDropout != 0;

    public override string OnnxCall(RecurrentSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask);
}
