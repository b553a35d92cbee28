using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Keras's most common text-model slip: <c>Embedding → Dense(1, sigmoid)</c> without <c>Flatten</c> outputs one probability
/// per token (<c>[B, T, 1]</c>) where binary crossentropy has one label per review. Keras broadcasts and trains on it
/// anyway; this warns (per-token binary labels are rare, but possible, hence not an error).
/// </summary>
internal static class PerStepOutputRule
{
    public static ShapeError? Check(TrainingSpec training, TensorType output) =>
        training.Loss == "binary_crossentropy" && output.Shape.Rank >= 3 && output.Shape.Last.Size == 1
            ? ShapeError.Create(DiagnosticDescriptors.PerStepOutputForPerExampleLoss, output.Shape.ToString(), training.Loss)
            : null;
}
