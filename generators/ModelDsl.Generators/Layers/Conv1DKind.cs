using System;
using System.Collections.Generic;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;
using Abstractions = global::ModelDsl;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Conv1D(filters, kernelSize)]</c>.</summary>
/// <param name="KernelRegularizer">Keras <c>kernel_regularizer</c>, or <c>null</c>.</param>
internal sealed record Conv1DSpec(
    int Filters, int KernelSize, Activation Activation, string Padding, int Strides, int DilationRate, bool UseBias, RegularizerSpec? KernelRegularizer = null) : LayerSpec
{
    public override LayerKind LayerKind => Conv1DKind.Instance;

    /// <summary>How the kernel slides over time.</summary>
    public WindowRule Window => new(KernelSize, Strides, DilationRate, Padding);
}

/// <summary>
/// <c>Conv1D</c>: <c>[B, T, C] -> [B, T', filters]</c>, T' by Keras's rule (<see cref="WindowRule"/>). Keras's Conv1D does not
/// support masking, so a padding mask reaching it ends there (and MDSL0106 says so when no layer read it before).
/// </summary>
internal sealed class Conv1DKind : LayerKind<Conv1DSpec>
{
    public static readonly Conv1DKind Instance = new();

    private Conv1DKind()
        : base(arity: 1, wraps: null, typeof(Conv1DAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var filters = parser.Positive(attribute, nameof(Conv1DAttribute.Filters), "Conv1D filters");
        var kernelSize = parser.Positive(attribute, nameof(Conv1DAttribute.KernelSize), "Conv1D kernelSize");
        var activation = parser.ActivationOption(attribute, nameof(Conv1DAttribute.Activation), "Conv1D", Activation.Linear);
        var padding = parser.PaddingOption(attribute, nameof(Conv1DAttribute.Padding), "Conv1D", allowCausal: true);
        var strides = parser.PositiveOption(attribute, nameof(Conv1DAttribute.Strides), "Conv1D Strides", 1);
        var dilation = parser.PositiveOption(attribute, nameof(Conv1DAttribute.DilationRate), "Conv1D DilationRate", 1);
        var kernelRegularizer = parser.RegularizerOption(attribute, nameof(Conv1DAttribute.KernelRegularizer), "Conv1D");
        if (!filters || !kernelSize || activation is null || padding is null || strides is null || dilation is null || !kernelRegularizer.Valid)
        {
            return null;
        }

        var spec = new Conv1DSpec(
            attribute.Int(nameof(Conv1DAttribute.Filters)), attribute.Int(nameof(Conv1DAttribute.KernelSize)), activation.Value, padding,
            strides.Value, dilation.Value, attribute.Bool(nameof(Conv1DAttribute.UseBias), true), kernelRegularizer.Value);
        if (strides > 1 && dilation > 1)
        {
            parser.Report(DiagnosticDescriptors.StridesWithDilation, attribute.NamedArgumentLocation(nameof(Conv1DAttribute.DilationRate)), Display(spec), Int(spec.Strides), Int(spec.DilationRate));
            return null;
        }

        return spec;
    }

    public override string? PropertyType(Conv1DSpec spec) => "Conv1D";

    public override string KerasName(Conv1DSpec spec) => "Conv1D";

    public override string FieldBaseName(Conv1DSpec spec) => "conv1d";

    public override string Display(Conv1DSpec spec) => $"Conv1D({Int(spec.Filters)}, {Int(spec.KernelSize)})";

    public override string Describe(Conv1DSpec spec)
    {
        var options = Options(spec, OptionStyle.Attribute);
        AddRegularizer(options, nameof(Conv1DAttribute.KernelRegularizer), spec.KernelRegularizer);
        return WithOptions(Display(spec), options);
    }

    /// <summary>The options that differ from Keras's defaults, as the attribute or the constructor writes them.</summary>
    private static List<string> Options(Conv1DSpec spec, OptionStyle style)
    {
        var options = new List<string>();
        AddIf(options, spec.Activation != Activation.Linear, Option(style, nameof(Conv1DAttribute.Activation), $"\"{spec.Activation.KerasName()}\""));
        AddIf(options, spec.Padding != Abstractions.Paddings.Valid, Option(style, nameof(Conv1DAttribute.Padding), $"\"{spec.Padding}\""));
        AddIf(options, spec.Strides != 1, Option(style, nameof(Conv1DAttribute.Strides), Int(spec.Strides)));
        AddIf(options, spec.DilationRate != 1, Option(style, nameof(Conv1DAttribute.DilationRate), Int(spec.DilationRate)));
        AddIf(options, !spec.UseBias, Option(style, nameof(Conv1DAttribute.UseBias), "false"));
        return options;
    }

    public override ShapeResult Infer(Conv1DSpec spec, IReadOnlyList<LayerInput> inputs) => spec.Window.OverTime(spec, inputs[0], Dim.Of(spec.Filters));

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(Conv1DSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(Conv1DSpec spec) => null;

    public override RecurrentSource? SourceAfter(Conv1DSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(Conv1DSpec spec, TensorType input) => input.Shape.Last;

    public override Activation? OutputActivation(Conv1DSpec spec) => spec.Activation;

    public override Activation? LogitsActivation(Conv1DSpec spec) => null;

    public override MaskUse Mask(Conv1DSpec spec, TensorType output) => MaskUse.Stops;

    public override string? FieldType(Conv1DSpec spec) => $"{LayersNamespace}.Conv1D";

    public override string? Construction(Conv1DSpec spec, TensorType input)
    {
        var options = Options(spec, OptionStyle.Constructor);
        options.InsertRange(0, new[] { Int(input.Shape.Last.Size), Int(spec.Filters), Int(spec.KernelSize) });
        return $"new({string.Join(", ", options)}){Initializer(nameof(Conv1DAttribute.KernelRegularizer), spec.KernelRegularizer)}";
    }

    public override string Call(Conv1DSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(Conv1DSpec spec, TensorType input, TensorType output, bool readsMask)
    {
        var notes = new List<string>();
        AddIf(notes, spec.Activation != Activation.Linear, spec.Activation.KerasName());
        AddIf(notes, spec.Padding != Abstractions.Paddings.Valid, $"{spec.Padding} padding");
        return Mapping(input, output, notes);
    }

    public override string OnnxCall(Conv1DSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
