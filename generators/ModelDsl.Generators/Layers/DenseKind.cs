using System;
using System.Collections.Generic;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Dense(units)]</c>.</summary>
/// <param name="KernelRegularizer">Keras <c>kernel_regularizer</c>, or <c>null</c>.</param>
internal sealed record DenseSpec(int Units, Activation Activation, bool UseBias, RegularizerSpec? KernelRegularizer = null) : LayerSpec
{
    public override LayerKind LayerKind => DenseKind.Instance;
}

/// <summary><c>Dense</c> acts on the last axis: <c>[B, …, F] -> [B, …, units]</c>. A final sigmoid or softmax can be left to the loss (logits).</summary>
internal sealed class DenseKind : LayerKind<DenseSpec>
{
    public static readonly DenseKind Instance = new();

    private DenseKind()
        : base(arity: 1, wraps: null, typeof(DenseAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var units = parser.Positive(attribute, nameof(DenseAttribute.Units), "Dense units");
        var activation = parser.ActivationOption(attribute, nameof(DenseAttribute.Activation), "Dense", Activation.Linear);
        var kernelRegularizer = parser.RegularizerOption(attribute, nameof(DenseAttribute.KernelRegularizer), "Dense");
        return units && activation is not null && kernelRegularizer.Valid
            ? new DenseSpec(attribute.Int(nameof(DenseAttribute.Units)), activation.Value, attribute.Bool(nameof(DenseAttribute.UseBias), true), kernelRegularizer.Value)
            : null;
    }

    public override string? PropertyType(DenseSpec spec) => "Dense";

    public override string KerasName(DenseSpec spec) => "Dense";

    public override string FieldBaseName(DenseSpec spec) => "dense";

    public override string Display(DenseSpec spec) => $"Dense({Int(spec.Units)})";

    public override string Describe(DenseSpec spec)
    {
        var options = new List<string>();
        AddIf(options, spec.Activation != Activation.Linear, $"Activation = \"{spec.Activation.KerasName()}\"");
        AddIf(options, !spec.UseBias, "UseBias = false");
        AddRegularizer(options, nameof(DenseAttribute.KernelRegularizer), spec.KernelRegularizer);
        return WithOptions(Display(spec), options);
    }

    public override ShapeResult Infer(DenseSpec spec, IReadOnlyList<LayerInput> inputs)
    {
        var input = inputs[0].Type;
        if (CommonShapeChecks.RequireFloat(spec, input) is { } notFloat)
        {
            return notFloat;
        }

        if (CommonShapeChecks.RequireKnownLast(spec, input) is { } unknownFeatures)
        {
            return unknownFeatures;
        }

        return new TensorType(input.Shape.WithLast(Dim.Of(spec.Units)), ElementType.Float32);
    }

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(DenseSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(DenseSpec spec) => null;

    public override RecurrentSource? SourceAfter(DenseSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(DenseSpec spec, TensorType input) => input.Shape.Last;

    public override Activation? OutputActivation(DenseSpec spec) => spec.Activation;

    public override Activation? LogitsActivation(DenseSpec spec) => spec.Activation is Activation.Sigmoid or Activation.Softmax ? spec.Activation : null;

    public override MaskUse Mask(DenseSpec spec, TensorType output) => output.Shape.Rank >= 3 ? MaskUse.Passes : MaskUse.None;

    public override string? FieldType(DenseSpec spec) => $"{LayersNamespace}.Dense";

    public override string? Construction(DenseSpec spec, TensorType input) =>
        $"new({Arguments(Int(input.Shape.Last.Size), Int(spec.Units), spec.Activation == Activation.Linear ? null : $"\"{spec.Activation.KerasName()}\"", spec.UseBias ? null : "useBias: false")}){Initializer(nameof(DenseAttribute.KernelRegularizer), spec.KernelRegularizer)}";

    public override string Call(DenseSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(DenseSpec spec, TensorType input, TensorType output, bool readsMask) =>
        Mapping(input, output, spec.Activation == Activation.Linear ? null : new[] { spec.Activation.KerasName() });

    public override string OnnxCall(DenseSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
