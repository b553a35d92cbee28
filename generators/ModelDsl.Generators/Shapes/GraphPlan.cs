using System.Collections.Generic;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Everything the graph emitter writes, as values and without locations: the inputs, the layer properties
/// sized from their first call, and the shape of each statement of the user's <c>[Forward]</c> method. When
/// <see cref="IsInert"/>, only <see cref="Shell"/> is used and every member throws.
/// </summary>
internal sealed record GraphPlan(
    GraphShell Shell,
    bool IsInert,
    EquatableArray<GraphInputPlan> Inputs,
    EquatableArray<GraphLayerPlan> Layers,
    EquatableArray<ShapeFlowLine> Flow,
    TensorType? Output,
    TrainingSpec Training,
    WeightInitializer Initializer,
    EquatableArray<string> ErrorIds = default)
{
    /// <summary>The plan of a model with errors: every member throws, naming <paramref name="errors"/>' ids.</summary>
    public static GraphPlan Inert(GraphShell shell, IEnumerable<DiagnosticInfo> errors) =>
        new(shell, true, EquatableArray<GraphInputPlan>.Empty, EquatableArray<GraphLayerPlan>.Empty, EquatableArray<ShapeFlowLine>.Empty, null, TrainingSpec.Default, WeightInitializer.Torch, InertErrors.Ids(errors));
}

/// <summary>One model input: the parameter name, its signature property (<c>Sentence1Signature</c>) and its type.</summary>
internal sealed record GraphInputPlan(string Name, string SignatureName, TensorType Type);

/// <summary>
/// One layer property as emitted. <see cref="FirstInput"/> is its first call's input (what sizes its weights),
/// <c>null</c> when it was never called, in which case it is not built.
/// <see cref="Calls"/> are its calls' <c>input -> output</c> shapes; <see cref="SummaryShape"/> is the Keras
/// output shape, or <c>multiple</c> when its calls output different shapes.
/// </summary>
internal sealed record GraphLayerPlan(string Property, string FieldName, LayerSpec Spec, TensorType? FirstInput, TensorType? FirstOutput, EquatableArray<string> Calls, string SummaryShape);

/// <summary>A statement of the user's <c>[Forward]</c> method and the shape of the value it computes.</summary>
internal sealed record ShapeFlowLine(string Code, string Shape);

/// <summary>The graph shape stage's result: the plan to emit (if any) and the diagnostics to report.</summary>
internal sealed record GraphAnalysisResult(GraphPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);
