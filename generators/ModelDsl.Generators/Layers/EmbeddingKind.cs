using System;
using System.Collections.Generic;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;
using static ModelDsl.Generators.Layers.LayerText;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Embedding(inputDim, outputDim)]</c>.</summary>
/// <param name="MaskZero">Keras <c>mask_zero</c>: id 0 is padding, and recurrent layers reading the sequence skip it.</param>
/// <param name="Trainable">Whether training updates the table; <c>false</c> freezes it.</param>
/// <param name="EmbeddingsRegularizer">Keras <c>embeddings_regularizer</c>, or <c>null</c>.</param>
internal sealed record EmbeddingSpec(int InputDim, int OutputDim, bool MaskZero = false, bool Trainable = true, RegularizerSpec? EmbeddingsRegularizer = null) : LayerSpec
{
    public override LayerKind LayerKind => EmbeddingKind.Instance;
}

/// <summary>Token ids <c>[B, …]</c> int64 (or int32) become vectors <c>[B, …, outputDim]</c> float32; with <c>MaskZero</c> id 0 is padding.</summary>
internal sealed class EmbeddingKind : LayerKind<EmbeddingSpec>
{
    public static readonly EmbeddingKind Instance = new();

    private EmbeddingKind()
        : base(arity: 1, wraps: null, typeof(EmbeddingAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var inputDim = parser.Positive(attribute, nameof(EmbeddingAttribute.InputDim), "Embedding inputDim (vocabulary size)");
        var outputDim = parser.Positive(attribute, nameof(EmbeddingAttribute.OutputDim), "Embedding outputDim");
        var regularizer = parser.RegularizerOption(attribute, nameof(EmbeddingAttribute.EmbeddingsRegularizer), "Embedding");
        return inputDim && outputDim && regularizer.Valid
            ? new EmbeddingSpec(
                attribute.Int(nameof(EmbeddingAttribute.InputDim)),
                attribute.Int(nameof(EmbeddingAttribute.OutputDim)),
                MaskZero: attribute.Bool(nameof(EmbeddingAttribute.MaskZero), false),
                Trainable: attribute.Bool(nameof(EmbeddingAttribute.Trainable), true),
                EmbeddingsRegularizer: regularizer.Value)
            : null;
    }

    public override string? PropertyType(EmbeddingSpec spec) => "Embedding";

    public override string KerasName(EmbeddingSpec spec) => "Embedding";

    public override string FieldBaseName(EmbeddingSpec spec) => "embedding";

    public override string Display(EmbeddingSpec spec) => $"Embedding({Int(spec.InputDim)}, {Int(spec.OutputDim)})";

    public override string Describe(EmbeddingSpec spec)
    {
        var options = new List<string>();
        AddIf(options, spec.MaskZero, "MaskZero = true");
        AddIf(options, !spec.Trainable, "Trainable = false");
        AddRegularizer(options, nameof(EmbeddingAttribute.EmbeddingsRegularizer), spec.EmbeddingsRegularizer);
        return WithOptions(Display(spec), options);
    }

    public override ShapeResult Infer(EmbeddingSpec spec, IReadOnlyList<LayerInput> inputs)
    {
        var input = inputs[0].Type;
        if (!input.ElementType.IsTokenIds())
        {
            return ShapeError.Create(DiagnosticDescriptors.EmbeddingNeedsTokenIds, Display(spec), input.ToString());
        }

        return new TensorType(input.Shape.Append(Dim.Of(spec.OutputDim)), ElementType.Float32);
    }

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(EmbeddingSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(EmbeddingSpec spec) => spec.InputDim;

    public override RecurrentSource? SourceAfter(EmbeddingSpec spec, int index, LayerInput input) => null;

    public override Dim? WeightSizingDim(EmbeddingSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(EmbeddingSpec spec) => Activation.Linear;

    public override Activation? LogitsActivation(EmbeddingSpec spec) => null;

    public override MaskUse Mask(EmbeddingSpec spec, TensorType output) => spec.MaskZero ? MaskUse.Computes : MaskUse.None;

    public override string? FieldType(EmbeddingSpec spec) => $"{LayersNamespace}.Embedding";

    public override string? Construction(EmbeddingSpec spec, TensorType input) =>
        $"new({Arguments(Int(spec.InputDim), Int(spec.OutputDim), spec.MaskZero ? "maskZero: true" : null, spec.Trainable ? null : "trainable: false")}){Initializer(nameof(EmbeddingAttribute.EmbeddingsRegularizer), spec.EmbeddingsRegularizer)}";

    public override string Call(EmbeddingSpec spec, LayerCallKind call, string field, string source, string? mask) => ModuleCall(field, source, mask: null);

    public override string Comment(EmbeddingSpec spec, TensorType input, TensorType output, bool readsMask) => Mapping(input, output);

    public override string OnnxCall(EmbeddingSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        OnnxModuleCall(field, graph, name, source, mask: null);
}
