using System;
using System.Collections.Generic;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Dropout(rate)]</c>.</summary>
internal sealed record DropoutSpec(double Rate) : LayerSpec
{
    public override LayerKind LayerKind => DropoutKind.Instance;
}

/// <summary><c>Dropout</c> keeps the shape, the mask, and what the output means (its activation, the recurrent layer it came from).</summary>
internal sealed class DropoutKind : LayerKind<DropoutSpec>
{
    public static readonly DropoutKind Instance = new();

    private DropoutKind()
        : base(arity: 1, wraps: null, typeof(DropoutAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var position = attribute.Position(nameof(DropoutAttribute.Rate));
        var rate = attribute.Constructor(position).Value is double value ? value : double.NaN;
        if (!(rate >= 0 && rate < 1))
        {
            parser.Report(DiagnosticDescriptors.DropoutRateOutOfRange, attribute.ConstructorArgumentLocation(position), "Dropout", Number(rate));
            return null;
        }

        return new DropoutSpec(rate);
    }

    public override string? PropertyType(DropoutSpec spec) => "Dropout";

    public override string KerasName(DropoutSpec spec) => "Dropout";

    public override string FieldBaseName(DropoutSpec spec) => "dropout";

    public override string Display(DropoutSpec spec) => $"Dropout({Number(spec.Rate)})";

    public override string Describe(DropoutSpec spec) => Display(spec);

    public override ShapeResult Infer(DropoutSpec spec, IReadOnlyList<LayerInput> inputs) =>
        CommonShapeChecks.RequireFloat(spec, inputs[0].Type) is { } notFloat ? notFloat : inputs[0].Type;

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(DropoutSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(DropoutSpec spec) => null;

    public override RecurrentSource? SourceAfter(DropoutSpec spec, int index, LayerInput input) => input.Source;

    public override Dim? WeightSizingDim(DropoutSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(DropoutSpec spec) => null;

    public override Activation? LogitsActivation(DropoutSpec spec) => null;

    public override MaskUse Mask(DropoutSpec spec, TensorType output) => MaskUse.Passes;

    public override string? FieldType(DropoutSpec spec) => $"{LayersNamespace}.Dropout";

    public override string? Construction(DropoutSpec spec, TensorType input) => $"new({Number(spec.Rate)})";

    public override string Call(DropoutSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(DropoutSpec spec, TensorType input, TensorType output, bool readsMask) => $"{output.Shape}, dropped only while training";

    public override string OnnxCall(DropoutSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
