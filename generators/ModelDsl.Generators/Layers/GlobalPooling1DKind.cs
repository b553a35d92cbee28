using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[GlobalMaxPooling1D]</c> and <c>[GlobalAveragePooling1D]</c>.</summary>
internal sealed record GlobalPooling1DSpec(PoolKind Pool) : LayerSpec
{
    public override LayerKind LayerKind => GlobalPooling1DKind.Instance;
}

/// <summary>
/// <c>GlobalMaxPooling1D</c> and <c>GlobalAveragePooling1D</c>: <c>[B, T, C] -> [B, C]</c>. As in Keras, the average reads
/// a padding mask (the mean of the real steps) and the max ignores it, so the mask ends at either.
/// </summary>
internal sealed class GlobalPooling1DKind : LayerKind<GlobalPooling1DSpec>
{
    // Before Instance: its constructor reads them.
    private static readonly Dictionary<Type, PoolKind> Pools = new()
    {
        [typeof(GlobalMaxPooling1DAttribute)] = PoolKind.Max,
        [typeof(GlobalAveragePooling1DAttribute)] = PoolKind.Average,
    };

    public static readonly GlobalPooling1DKind Instance = new();

    private GlobalPooling1DKind()
        : base(arity: 1, wraps: null, Pools.Keys.ToArray())
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser) =>
        new GlobalPooling1DSpec(Pools.First(p => attribute.Is(p.Key)).Value);

    public override string? PropertyType(GlobalPooling1DSpec spec) => KerasName(spec);

    public override string KerasName(GlobalPooling1DSpec spec) => spec.Pool == PoolKind.Max ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D";

    public override string FieldBaseName(GlobalPooling1DSpec spec) => spec.Pool == PoolKind.Max ? "global_max_pooling1d" : "global_average_pooling1d";

    public override string Display(GlobalPooling1DSpec spec) => KerasName(spec);

    public override string Describe(GlobalPooling1DSpec spec) => Display(spec);

    public override ShapeResult Infer(GlobalPooling1DSpec spec, IReadOnlyList<LayerInput> inputs) =>
        RecurrentLayerKind.CheckSequence(spec, inputs[0]) is { } notSequence
            ? notSequence
            : new TensorType(inputs[0].Type.Shape.Without(1), ElementType.Float32);

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(GlobalPooling1DSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(GlobalPooling1DSpec spec) => null;

    public override RecurrentSource? SourceAfter(GlobalPooling1DSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(GlobalPooling1DSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(GlobalPooling1DSpec spec) => null;

    public override Activation? LogitsActivation(GlobalPooling1DSpec spec) => null;

    public override MaskUse Mask(GlobalPooling1DSpec spec, TensorType output) => spec.Pool == PoolKind.Average ? MaskUse.Reads : MaskUse.None;

    public override string? FieldType(GlobalPooling1DSpec spec) => $"{LayersNamespace}.{KerasName(spec)}";

    public override string? Construction(GlobalPooling1DSpec spec, TensorType input) => "new()";

    public override string Call(GlobalPooling1DSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask);

    public override string Comment(GlobalPooling1DSpec spec, TensorType input, TensorType output, bool readsMask) =>
        Mapping(input, output, readsMask ? new[] { "mean of the unpadded steps" } : null);

    public override string OnnxCall(GlobalPooling1DSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask);
}
