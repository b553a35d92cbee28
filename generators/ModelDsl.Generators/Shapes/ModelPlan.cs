using System.Collections.Generic;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Everything the emitter writes, as values and without locations, for a sequential stack and a graph model alike (a
/// stack is a straight line of layer calls): the inputs, the layers sized from their first call, the forward pass as
/// statements with their shapes, and the training options. When <see cref="IsInert"/>, only <see cref="Shell"/> is
/// used and every member throws.
/// </summary>
/// <param name="Forward">The forward pass, statement by statement: padding masks where they are read, then the model's statements.</param>
/// <param name="Flow">A graph model's <c>[Forward]</c> statements as written, with their shapes, for the class docs.</param>
/// <param name="Logits">
/// Set when the model ends in a layer whose final sigmoid / softmax the loss computes itself (tf.keras's logits path):
/// that call is written as <c>Logits</c> in a <c>Logits</c> method, which training reads, and <c>forward</c> applies the activation to it.
/// </param>
/// <param name="ErrorIds">For an inert plan, the MDSL errors that made it inert, named by every member's exception.</param>
internal sealed record ModelPlan(
    ModelShell Shell,
    bool IsInert,
    EquatableArray<InputPlan> Inputs,
    EquatableArray<LayerPlan> Layers,
    EquatableArray<ForwardStatement> Forward,
    EquatableArray<ShapeFlowLine> Flow,
    TensorType? Output,
    TrainingSpec Training,
    WeightInitializer Initializer,
    LogitsPlan? Logits = null,
    EquatableArray<string> ErrorIds = default)
{
    /// <summary>The plan of a model with errors: every member throws, naming <paramref name="errors"/>' ids.</summary>
    public static ModelPlan Inert(ModelShell shell, IEnumerable<DiagnosticInfo> errors) =>
        new(shell, true, EquatableArray<InputPlan>.Empty, EquatableArray<LayerPlan>.Empty, EquatableArray<ForwardStatement>.Empty,
            EquatableArray<ShapeFlowLine>.Empty, null, TrainingSpec.Default, WeightInitializer.Torch, ErrorIds: InertErrors.Ids(errors));
}

/// <summary>One model input: the parameter name, its signature property (<c>Sentence1Signature</c>, or <c>InputSignature</c>) and its type.</summary>
/// <param name="BatchSize">The fixed batch size the input signature requires, or <c>null</c>.</param>
internal sealed record InputPlan(string Name, string SignatureName, TensorType Type, int? BatchSize = null);

/// <summary>
/// One layer as emitted. <see cref="FirstInput"/> is its first call's input (what sizes its weights), <c>null</c> when
/// it was never called, in which case it is not built. <see cref="Calls"/> are its calls' <c>input -> output</c> shapes;
/// <see cref="SummaryShape"/> is the Keras output shape, or <c>multiple</c> when its calls output different shapes.
/// </summary>
/// <param name="Property">The graph model's layer property; for a stack, the field name (there is no property).</param>
internal sealed record LayerPlan(string Property, string FieldName, LayerSpec Spec, TensorType? FirstInput, TensorType? FirstOutput, EquatableArray<string> Calls, string SummaryShape);

/// <summary>A statement of the user's <c>[Forward]</c> method and the shape of the value it computes.</summary>
internal sealed record ShapeFlowLine(string Code, string Shape);

/// <summary>
/// One statement of the generated forward pass: <c>var h = …;</c>, <c>h = …;</c>, <c>var (f, b) = …;</c> or <c>return …;</c>.
/// <paramref name="LogitsComment"/> replaces <paramref name="Comment"/> in the <c>Logits</c> method, where the statement computes logits.
/// </summary>
internal sealed record ForwardStatement(StatementKind Kind, EquatableArray<string> Targets, ForwardExpression Value, string Comment, string? LogitsComment = null);

/// <summary>An expression of the generated forward pass.</summary>
internal abstract record ForwardExpression;

/// <summary>An input or a local.</summary>
internal sealed record ValueReference(string Name) : ForwardExpression;

/// <summary>
/// A call of the layer behind <paramref name="Field"/>; <paramref name="Id"/> numbers the calls in order, and
/// <paramref name="Mask"/> is the padding mask it reads, when it reads one.
/// </summary>
internal sealed record LayerCallExpression(int Id, string Field, LayerSpec Spec, LayerCallKind Kind, EquatableArray<ForwardExpression> Arguments, string? Mask) : ForwardExpression;

/// <summary><c>ModelDsl.Ops.Member(operands…, axes)</c>.</summary>
internal sealed record OpExpression(OpKind Op, EquatableArray<ForwardExpression> Operands, EquatableArray<int> Axes) : ForwardExpression;

/// <summary>The padding mask of the token ids <paramref name="Ids"/>, computed by the embedding behind <paramref name="Field"/>.</summary>
internal sealed record MaskExpression(string Field, ForwardExpression Ids) : ForwardExpression;

/// <summary>The call whose final activation training leaves to the loss (<see cref="ModelPlan.Logits"/>).</summary>
internal sealed record LogitsPlan(int CallId, Activation Activation);

/// <summary>The shape stage's result: the plan to emit (if any) and the diagnostics to report.</summary>
internal sealed record AnalysisResult(ModelPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);
