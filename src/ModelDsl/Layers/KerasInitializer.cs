using System;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras's default initializers for the layers of a module: glorot_uniform kernels, orthogonal
/// recurrent kernels, zero biases (LSTM forget gate 1, Keras <c>unit_forget_bias</c>; libtorch's second
/// bias vector 0), uniform(-0.05, 0.05) embeddings.
/// </summary>
public static class KerasInitializer
{
    /// <summary>Re-initializes every ModelDsl layer inside <paramref name="model"/> (including itself) without recording gradients.</summary>
    public static void Apply(nn.Module model) => throw new NotImplementedException();
}
