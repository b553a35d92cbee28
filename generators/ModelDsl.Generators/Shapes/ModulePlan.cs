using System.Collections.Generic;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Everything the emitter writes, as values and without locations: a model whose shapes all check
/// out, or (when <see cref="Layers"/> is empty and <see cref="IsInert"/>) a class with errors that
/// gets members that only throw, so the user's code sees no cascade of missing-member errors.
/// </summary>
/// <param name="Initializer">How the constructor initializes the weights.</param>
/// <param name="ErrorIds">For an inert plan, the MDSL errors that made it inert, named by every member's exception.</param>
/// <param name="LossReadsLogits">
/// The model ends in <c>Dense</c> with sigmoid (binary crossentropy) or softmax (categorical crossentropies) and the loss
/// is not already <c>FromLogits</c>: the emitter adds <c>Logits</c> and training reads the loss from it, as tf.keras does.
/// </param>
internal sealed record ModulePlan(
    ModelType Type,
    TensorType? Input,
    EquatableArray<LayerPlan> Layers,
    TrainingSpec Training,
    bool IsInert,
    WeightInitializer Initializer = WeightInitializer.Keras,
    bool LossReadsLogits = false,
    EquatableArray<string> ErrorIds = default)
{
    /// <summary>The plan of a model with errors: every member throws, naming <paramref name="errors"/>' ids.</summary>
    public static ModulePlan Inert(ModelType type, IEnumerable<DiagnosticInfo> errors) =>
        new(type, null, EquatableArray<LayerPlan>.Empty, TrainingSpec.Default, IsInert: true, ErrorIds: InertErrors.Ids(errors));
}

/// <summary>One layer as emitted: its field, its configuration, the shapes it maps between, and its part in masking.</summary>
internal sealed record LayerPlan(string FieldName, LayerSpec Spec, TensorType Input, TensorType Output, MaskRole Mask = MaskRole.None);

/// <summary>A layer's part in Keras's padding mask (<c>[Embedding(MaskZero = true)]</c>).</summary>
internal enum MaskRole
{
    /// <summary>Neither computes nor reads the mask.</summary>
    None,

    /// <summary>The embedding whose ids give the mask, which a layer below reads.</summary>
    Computes,

    /// <summary>A recurrent layer that reads the mask and skips padded steps.</summary>
    Reads,
}

/// <summary>The shape stage's result: the plan to emit (if any) and the diagnostics to report.</summary>
internal sealed record AnalysisResult(ModulePlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);
