using System;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>The Keras activations a layer's <c>activation</c> argument may name, applied to a tensor.</summary>
internal static class KerasActivation
{
    /// <summary>The names, as messages list them.</summary>
    public const string Supported = "linear, relu, sigmoid, softmax, tanh";

    public static bool IsKnown(string? name) =>
        name is Activations.Linear or Activations.Relu or Activations.Sigmoid or Activations.Softmax or Activations.Tanh;

    /// <summary>Throws naming the layer and the supported names when <paramref name="name"/> is not one of them.</summary>
    public static void Check(string? name, string layer, string parameter)
    {
        if (!IsKnown(name))
        {
            throw new ArgumentException($"{layer}: unknown activation '{name}'; supported: {Supported}", parameter);
        }
    }

    /// <summary><paramref name="name"/> applied to <paramref name="x"/> (softmax over the last axis; an alias for <c>linear</c>).</summary>
    public static Tensor Apply(string name, Tensor x) => name switch
    {
        Activations.Relu => nn.functional.relu(x),
        Activations.Sigmoid => x.sigmoid(),
        Activations.Softmax => x.softmax(-1),
        Activations.Tanh => x.tanh(),
        _ => x.alias(),
    };

    /// <summary>Writes <paramref name="name"/> applied to <paramref name="x"/> into an ONNX graph; returns the result's name.</summary>
    public static string WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, string x) => name switch
    {
        Activations.Relu => graph.Op("Relu", new[] { x }),
        Activations.Sigmoid => graph.Op("Sigmoid", new[] { x }),
        Activations.Softmax => graph.Op("Softmax", new[] { x }, ("axis", -1L)),
        Activations.Tanh => graph.Op("Tanh", new[] { x }),
        Activations.Linear => x,
        _ => throw new NotSupportedException($"ONNX export: activation '{name}' is not supported; supported: {Supported}"),
    };
}
