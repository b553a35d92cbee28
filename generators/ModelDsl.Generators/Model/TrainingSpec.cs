namespace ModelDsl.Generators.Model;

/// <summary>The Keras <c>compile(...)</c> options from <c>[Model(...)]</c>, validated; <c>null</c> means "not set, use Keras's default".</summary>
internal sealed record TrainingSpec(
    string? Loss,
    bool FromLogits,
    string Optimizer,
    double? LearningRate,
    EquatableArray<string> Metrics,
    double? ClipNorm,
    double WeightDecay,
    double Momentum,
    double? Beta1 = null,
    double? Beta2 = null,
    double? Epsilon = null)
{
    public static TrainingSpec Default { get; } = new(null, false, "rmsprop", null, EquatableArray<string>.Empty, null, 0, 0);
}
