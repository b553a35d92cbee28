using System;
using System.Collections.Generic;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Layers;

/// <summary><c>[Activation(name)]</c>.</summary>
internal sealed record ActivationSpec(Activation Activation) : LayerSpec
{
    public override LayerKind LayerKind => ActivationKind.Instance;
}

/// <summary><c>Activation</c> applies a function in place: no module, the same shape, a tensor method in <c>forward</c>. Sequential models only.</summary>
internal sealed class ActivationKind : LayerKind<ActivationSpec>
{
    public static readonly ActivationKind Instance = new();

    private ActivationKind()
        : base(arity: 1, wraps: null, typeof(ActivationAttribute))
    {
    }

    public override LayerSpec? Read(AttributeArguments attribute, AttributeArguments? wrapped, LayerParser parser)
    {
        var position = attribute.Position(nameof(ActivationAttribute.Activation));
        var name = attribute.Constructor(position).Value as string;
        var activation = parser.ActivationByName(name, "Activation", attribute.ConstructorArgumentLocation(position));
        return activation is null ? null : new ActivationSpec(activation.Value);
    }

    public override string? PropertyType(ActivationSpec spec) => null;

    public override string KerasName(ActivationSpec spec) => "Activation";

    public override string FieldBaseName(ActivationSpec spec) => "activation";

    public override string Display(ActivationSpec spec) => $"Activation(\"{spec.Activation.KerasName()}\")";

    public override string Describe(ActivationSpec spec) => Display(spec);

    public override ShapeResult Infer(ActivationSpec spec, IReadOnlyList<LayerInput> inputs) =>
        CommonShapeChecks.RequireFloat(spec, inputs[0].Type) is { } notFloat ? notFloat : inputs[0].Type;

    public override (LayerSpec Spec, ShapeError? Error) AsCalled(ActivationSpec spec, LayerCallKind call, string property) => (spec, null);

    public override int? VocabularySize(ActivationSpec spec) => null;

    public override RecurrentSource? SourceAfter(ActivationSpec spec, int index, LayerInput input) => input.Source;

    public override Dim? WeightSizingDim(ActivationSpec spec, TensorType input) => null;

    public override Activation? OutputActivation(ActivationSpec spec) => spec.Activation;

    public override Activation? LogitsActivation(ActivationSpec spec) => null;

    public override MaskUse Mask(ActivationSpec spec, TensorType output) => MaskUse.Passes;

    public override string? FieldType(ActivationSpec spec) => null;

    public override string? Construction(ActivationSpec spec, TensorType input) => null;

    public override string Call(ActivationSpec spec, LayerCallKind call, string field, string source, string? mask) => spec.Activation switch
    {
        Activation.Relu => $"{source}.relu()",
        Activation.Sigmoid => $"{source}.sigmoid()",
        Activation.Softmax => $"{source}.softmax(-1)",
        Activation.Tanh => $"{source}.tanh()",
        _ => source,
    };

    public override string Comment(ActivationSpec spec, TensorType input, TensorType output, bool readsMask) => $"{output.Shape}, {spec.Activation.KerasName()}";

    public override string OnnxCall(ActivationSpec spec, LayerCallKind call, string field, string graph, string name, string source, string? mask) =>
        $"global::ModelDsl.Onnx.OnnxOps.Activation({graph}, \"{spec.Activation.KerasName()}\", {source})";
}
