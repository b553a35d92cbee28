using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>The gate activations (<see cref="ModelDsl.RecurrentActivations"/>) applied to tensors.</summary>
internal static class RecurrentGates
{
    public static bool IsKnown(string? name) => name is ModelDsl.RecurrentActivations.Sigmoid or ModelDsl.RecurrentActivations.HardSigmoid;

    /// <summary><paramref name="name"/> applied to <paramref name="x"/>.</summary>
    public static Tensor Apply(string name, Tensor x) =>
        name == ModelDsl.RecurrentActivations.HardSigmoid ? x.mul(0.2).add_(0.5).clamp_(0.0, 1.0) : x.sigmoid();
}
