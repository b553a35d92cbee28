using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Flatten]</c>.</summary>
internal sealed record FlattenSpec : LayerSpec
{
    public override LayerKind LayerKind => FlattenKind.Instance;
}

/// <summary><c>Flatten</c>: <c>[B, d1, d2, …] -> [B, d1·d2·…]</c>; every <c>d</c> must be known. TorchSharp's module; sequential models only.</summary>
internal sealed class FlattenKind : LayerKind<FlattenSpec>
{
    public static readonly FlattenKind Instance = new();

    private FlattenKind()
        : base(arity: 1, wraps: null, typeof(FlattenAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser) => new FlattenSpec();

    public override string? PropertyType(FlattenSpec spec) => null;

    public override string KerasName(FlattenSpec spec) => "Flatten";

    public override string FieldBaseName(FlattenSpec spec) => "flatten";

    public override string Display(FlattenSpec spec) => "Flatten";

    public override string Describe(FlattenSpec spec) => Display(spec);

    public override ShapeResult Infer(FlattenSpec spec, IReadOnlyList<LayerInput> inputs)
    {
        var input = inputs[0].Type;
        var perExample = input.Shape.Dims.Skip(1).ToArray();
        if (perExample.Any(d => !d.IsKnown))
        {
            return ShapeError.Create(
                DiagnosticDescriptors.FlattenNeedsKnownDimensions, Display(spec), input.ToString(),
                "every dimension must be known; give [Input] a fixed length");
        }

        var size = perExample.Aggregate(1L, (product, d) => product * d.Size);
        if (size > int.MaxValue)
        {
            return ShapeError.Create(
                DiagnosticDescriptors.FlattenNeedsKnownDimensions, Display(spec), input.ToString(),
                $"that is {size} values per example, more than one tensor dimension holds");
        }

        return new TensorType(SymbolicShape.Batched(new[] { Dim.Of((int)size) }), input.ElementType);
    }

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(FlattenSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(FlattenSpec spec) => null;

    public override RecurrentSource? SourceAfter(FlattenSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(FlattenSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(FlattenSpec spec) => Activation.Linear;

    public override Activation? LogitsActivation(FlattenSpec spec) => null;

    public override MaskUse Mask(FlattenSpec spec, TensorType output) => MaskUse.None;

    public override string? FieldType(FlattenSpec spec) => "global::TorchSharp.Modules.Flatten";

    public override string? Construction(FlattenSpec spec, TensorType input) => "global::TorchSharp.torch.nn.Flatten()";

    public override string Call(FlattenSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(FlattenSpec spec, TensorType input, TensorType output, bool readsMask) => Mapping(input, output);

    public override string OnnxCall(FlattenSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        $"global::ModelDsl.Onnx.OnnxOps.Flatten({graph}, {source})";
}
