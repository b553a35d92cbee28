using System;
using System.Collections.Generic;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[DotAttention]</c> on a graph model's property: Luong dot-product attention, no weights.</summary>
internal sealed record DotAttentionSpec(bool ConcatQuery, bool Scale) : LayerSpec
{
    public override LayerKind LayerKind => DotAttentionKind.Instance;
}

/// <summary>
/// <c>DotAttention.call(query [B, Tq, D], values [B, Tv, D])</c> is <c>[B, Tq, D]</c>, or <c>[B, Tq, 2·D]</c>
/// with <c>ConcatQuery</c>; the scores <c>query·valuesᵀ</c> need one <c>D</c>. Graph models only (its attribute applies to properties).
/// </summary>
internal sealed class DotAttentionKind : LayerKind<DotAttentionSpec>
{
    public static readonly DotAttentionKind Instance = new();

    private DotAttentionKind()
        : base(arity: 2, wraps: null, typeof(DotAttentionAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser) =>
        new DotAttentionSpec(attribute.Bool(nameof(DotAttentionAttribute.ConcatQuery), false), attribute.Bool(nameof(DotAttentionAttribute.Scale), false));

    public override string? PropertyType(DotAttentionSpec spec) => "DotAttention";

    public override string KerasName(DotAttentionSpec spec) => "DotAttention";

    public override string FieldBaseName(DotAttentionSpec spec) => "dot_attention";

    public override string Display(DotAttentionSpec spec) => "DotAttention";

    public override string Describe(DotAttentionSpec spec) => $"DotAttention({string.Join(", ", Options(spec, "ConcatQuery = true", "Scale = true"))})";

    private static List<string> Options(DotAttentionSpec spec, string concatQuery, string scale)
    {
        var options = new List<string>();
        AddIf(options, spec.ConcatQuery, concatQuery);
        AddIf(options, spec.Scale, scale);
        return options;
    }

    public override ShapeResult Infer(DotAttentionSpec spec, IReadOnlyList<LayerInput> inputs)
    {
        var (query, values) = (inputs[0].Type, inputs[1].Type);
        foreach (var input in new[] { query, values })
        {
            if (CommonShapeChecks.RequireFloat(spec, input) is { } notFloat)
            {
                return notFloat;
            }

            if (input.Shape.Rank != 3)
            {
                return ShapeError.Create(
                    DiagnosticDescriptors.RankMismatch, Display(spec), "3", "[batch, time, features]", Axis.Format(input.Shape.Rank), input.ToString(),
                    CommonShapeChecks.SequenceFix(input));
            }
        }

        var (dq, dv) = (query.Shape.Last, values.Shape.Last);
        if (!Axis.Compatible(dq, dv))
        {
            return ShapeError.Create(
                DiagnosticDescriptors.OpsShapeMismatch, Display(spec), "query and values with the same last dimension",
                query.Shape.ToString(), values.Shape.ToString(), $"differ there ({dq} vs {dv})");
        }

        var output = spec.ConcatQuery && dq.IsKnown ? Dim.Of(2 * dq.Size) : spec.ConcatQuery ? Dim.Unknown : dq;
        return new TensorType(query.Shape.WithLast(output), ElementType.Float32);
    }

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(DotAttentionSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(DotAttentionSpec spec) => null;

    public override RecurrentSource? SourceAfter(DotAttentionSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(DotAttentionSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(DotAttentionSpec spec) => Activation.Linear;

    public override Activation? LogitsActivation(DotAttentionSpec spec) => null;

    public override MaskUse Mask(DotAttentionSpec spec, TensorType output) => MaskUse.None;

    public override string? FieldType(DotAttentionSpec spec) => $"{LayersNamespace}.DotAttention";

    public override string? Construction(DotAttentionSpec spec, TensorType input) => $"new({string.Join(", ", Options(spec, "concatQuery: true", "scale: true"))})";

    public override string Call(DotAttentionSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(DotAttentionSpec spec, TensorType input, TensorType output, bool readsMask) => Mapping(input, output);

    public override string OnnxCall(DotAttentionSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
