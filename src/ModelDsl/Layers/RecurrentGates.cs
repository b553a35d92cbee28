using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>The gate activations (<see cref="ModelDsl.RecurrentActivations"/>) applied to tensors.</summary>
internal static class RecurrentGates
{
    public static bool IsKnown(string? name) => name is ModelDsl.RecurrentActivations.Sigmoid or ModelDsl.RecurrentActivations.HardSigmoid;

    /// <summary>Throws naming <paramref name="layer"/> and the supported names when <paramref name="name"/> is not a gate activation.</summary>
    public static void Check(string? name, string layer, string parameter)
    {
        if (!IsKnown(name))
        {
            throw new System.ArgumentException($"{layer}: recurrent activation '{name}' is not supported; supported: sigmoid, hard_sigmoid", parameter);
        }
    }

    /// <summary><paramref name="name"/> applied to <paramref name="x"/>.</summary>
    public static Tensor Apply(string name, Tensor x) =>
        name == ModelDsl.RecurrentActivations.HardSigmoid ? x.mul(0.2).add_(0.5).clamp_(0.0, 1.0) : x.sigmoid();
}
