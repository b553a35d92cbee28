using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;
using Abstractions = global::ModelDsl;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[ConvLSTM2D(filters, kernelRows, kernelCols)]</c>.</summary>
internal sealed record ConvLSTM2DSpec(int Filters, int KernelRows, int KernelCols, string Padding, bool ReturnSequences, string RecurrentActivation, bool UseBias) : LayerSpec
{
    public override LayerKind LayerKind => ConvLSTM2DKind.Instance;
}

/// <summary>
/// <c>ConvLSTM2D</c> over frame sequences: <c>[B, T, rows, cols, C] -> [B, rows', cols', filters]</c>, or
/// <c>[B, T, rows', cols', filters]</c> with <c>ReturnSequences</c>; rows' and cols' by Keras's rule with stride 1. The
/// runtime layer initializes itself as Keras does.
/// </summary>
internal sealed class ConvLSTM2DKind : LayerKind<ConvLSTM2DSpec>
{
    private const int FramesRank = 5;

    public static readonly ConvLSTM2DKind Instance = new();

    private ConvLSTM2DKind()
        : base(arity: 1, wraps: null, typeof(ConvLSTM2DAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var filters = parser.Positive(attribute, nameof(ConvLSTM2DAttribute.Filters), "ConvLSTM2D filters");
        var rows = parser.Positive(attribute, nameof(ConvLSTM2DAttribute.KernelRows), "ConvLSTM2D kernelRows");
        var cols = parser.Positive(attribute, nameof(ConvLSTM2DAttribute.KernelCols), "ConvLSTM2D kernelCols");
        var padding = parser.PaddingOption(attribute, nameof(ConvLSTM2DAttribute.Padding), "ConvLSTM2D", allowCausal: false);
        var gates = RecurrentActivation(attribute, parser);
        return filters && rows && cols && padding is not null && gates is not null
            ? new ConvLSTM2DSpec(
                attribute.Int(nameof(ConvLSTM2DAttribute.Filters)), attribute.Int(nameof(ConvLSTM2DAttribute.KernelRows)), attribute.Int(nameof(ConvLSTM2DAttribute.KernelCols)),
                padding, attribute.Bool(nameof(ConvLSTM2DAttribute.ReturnSequences), false), gates, attribute.Bool(nameof(ConvLSTM2DAttribute.UseBias), true))
            : null;
    }

    private static string? RecurrentActivation(AttributeArguments attribute, LayerParser parser)
    {
        if (!attribute.TryGetNamed(nameof(ConvLSTM2DAttribute.RecurrentActivation), out var value))
        {
            return Abstractions.RecurrentActivations.HardSigmoid;
        }

        if (value.Value is string name && KerasVocabulary.RecurrentActivations.Contains(name))
        {
            return name;
        }

        parser.ReportUnknown(
            nameof(ConvLSTM2DAttribute.RecurrentActivation), value.Value as string ?? "null", KerasVocabulary.RecurrentActivations,
            attribute.NamedArgumentLocation(nameof(ConvLSTM2DAttribute.RecurrentActivation)));
        return null;
    }

    public override string? PropertyType(ConvLSTM2DSpec spec) => "ConvLSTM2D";

    public override string KerasName(ConvLSTM2DSpec spec) => "ConvLSTM2D";

    public override string FieldBaseName(ConvLSTM2DSpec spec) => "conv_lstm2d";

    public override string Display(ConvLSTM2DSpec spec) => $"ConvLSTM2D({Int(spec.Filters)}, {Int(spec.KernelRows)}, {Int(spec.KernelCols)})";

    public override string Describe(ConvLSTM2DSpec spec) => WithOptions(Display(spec), Options(spec, OptionStyle.Attribute));

    /// <summary>The options that differ from Keras's defaults.</summary>
    private static List<string> Options(ConvLSTM2DSpec spec, OptionStyle style)
    {
        var options = new List<string>();
        AddIf(options, spec.Padding != Abstractions.Paddings.Valid, Option(style, nameof(ConvLSTM2DAttribute.Padding), $"\"{spec.Padding}\""));
        AddIf(options, spec.ReturnSequences, Option(style, nameof(ConvLSTM2DAttribute.ReturnSequences), "true"));
        AddIf(options, spec.RecurrentActivation != Abstractions.RecurrentActivations.HardSigmoid, Option(style, nameof(ConvLSTM2DAttribute.RecurrentActivation), $"\"{spec.RecurrentActivation}\""));
        AddIf(options, !spec.UseBias, Option(style, nameof(ConvLSTM2DAttribute.UseBias), "false"));
        return options;
    }

    public override ShapeResult Infer(ConvLSTM2DSpec spec, IReadOnlyList<LayerInput> inputs)
    {
        var input = inputs[0].Type;
        if (CommonShapeChecks.RequireFloat(spec, input) is { } notFloat)
        {
            return notFloat;
        }

        if (input.Shape.Rank != FramesRank)
        {
            return ShapeError.Create(
                DiagnosticDescriptors.RankMismatch,
                Display(spec), "5", "[batch, time, rows, cols, channels]", input.Shape.Rank.ToString(CultureInfo.InvariantCulture), input.ToString(),
                "; it reads a sequence of frames: declare [Input(time, rows, cols, channels, DType = \"float32\")]");
        }

        if (CommonShapeChecks.RequireKnownLast(spec, input) is { } unknownChannels)
        {
            return unknownChannels;
        }

        var (rows, rowsError) = new WindowRule(spec.KernelRows, 1, 1, spec.Padding).Output(spec, input, axis: 2, "rows");
        var (cols, colsError) = new WindowRule(spec.KernelCols, 1, 1, spec.Padding).Output(spec, input, axis: 3, "cols");
        if ((rowsError ?? colsError) is { } error)
        {
            return error;
        }

        var frame = new[] { rows, cols, Dim.Of(spec.Filters) };
        var shape = spec.ReturnSequences ? new[] { input.Shape.Dims[1] }.Concat(frame) : frame;
        return new TensorType(SymbolicShape.Batched(shape), ElementType.Float32);
    }

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(ConvLSTM2DSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(ConvLSTM2DSpec spec) => null;

    public override RecurrentSource? SourceAfter(ConvLSTM2DSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(ConvLSTM2DSpec spec, TensorType input) => input.Shape.Last;

    public override Activation? OutputActivation(ConvLSTM2DSpec spec) => Activation.Tanh;

    public override Activation? LogitsActivation(ConvLSTM2DSpec spec) => null;

    public override MaskUse Mask(ConvLSTM2DSpec spec, TensorType output) => MaskUse.None;

    public override string? FieldType(ConvLSTM2DSpec spec) => $"{LayersNamespace}.ConvLSTM2D";

    public override string? Construction(ConvLSTM2DSpec spec, TensorType input)
    {
        var options = Options(spec, OptionStyle.Constructor);
        options.InsertRange(0, new[] { Int(input.Shape.Last.Size), Int(spec.Filters), Int(spec.KernelRows), Int(spec.KernelCols) });
        return $"new({string.Join(", ", options)})";
    }

    public override string Call(ConvLSTM2DSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(ConvLSTM2DSpec spec, TensorType input, TensorType output, bool readsMask)
    {
        var notes = new List<string>();
        AddIf(notes, !spec.ReturnSequences, "last step");
        AddIf(notes, spec.Padding != Abstractions.Paddings.Valid, $"{spec.Padding} padding");
        return Mapping(input, output, notes);
    }

    public override string OnnxCall(ConvLSTM2DSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
