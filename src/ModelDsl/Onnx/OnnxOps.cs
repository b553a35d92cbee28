using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;

namespace ModelDsl.Onnx;

/// <summary>
/// What a generated <c>ExportOnnx</c> writes for the parts of <c>forward</c> that are not layer modules: the
/// <see cref="Ops"/> of graph models, the Activation layer and Flatten. Each mirrors the method of the same name.
/// </summary>
public static class OnnxOps
{
    /// <summary><see cref="Ops.Dot(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, int)"/>.</summary>
    public static OnnxValue Dot(OnnxGraphBuilder graph, OnnxValue a, OnnxValue b, int axes) => Dot(graph, a, b, (axes, axes));

    /// <summary>
    /// <see cref="Ops.Dot(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, ValueTuple{int, int})"/> as one <c>Einsum</c>:
    /// the batch axis kept, the chosen axes contracted, the other axes of <paramref name="a"/> then of <paramref name="b"/>.
    /// </summary>
    public static OnnxValue Dot(OnnxGraphBuilder graph, OnnxValue a, OnnxValue b, (int A, int B) axes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var axisA = Normalize(axes.A, a.Rank);
        var axisB = Normalize(axes.B, b.Rank);
        if (a.Rank + b.Rank > 24 || axisA < 1 || axisB < 1)
        {
            throw new NotSupportedException($"ONNX export: Dot(axes=({axes.A}, {axes.B})) of rank {a.Rank} and rank {b.Rank} values cannot be written");
        }

        // Letters: 'a' the batch, 'z' the contracted axis, then one letter per remaining axis.
        var next = 'b';
        var left = new char[a.Rank];
        var right = new char[b.Rank];
        for (var i = 0; i < a.Rank; i++)
        {
            left[i] = i == 0 ? 'a' : i == axisA ? 'z' : next++;
        }

        for (var i = 0; i < b.Rank; i++)
        {
            right[i] = i == 0 ? 'a' : i == axisB ? 'z' : next++;
        }

        var rest = left.Concat(right).Where(c => c is not ('a' or 'z')).ToArray();
        var equation = $"{new string(left)},{new string(right)}->a{new string(rest)}";
        var product = graph.Op("Einsum", new[] { a.Name, b.Name }, ("equation", equation));
        if (rest.Length == 0)
        {
            // Keras keeps a rank-2 result when both inputs were vectors: [B, d]·[B, d] is [B, 1].
            return new OnnxValue(graph.Unsqueeze(product, 1), 2);
        }

        return new OnnxValue(product, 1 + rest.Length);
    }

    /// <summary><see cref="Ops.Softmax"/>.</summary>
    public static OnnxValue Softmax(OnnxGraphBuilder graph, OnnxValue x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return new OnnxValue(graph.Op("Softmax", new[] { x.Name }, ("axis", (long)Normalize(axis, x.Rank))), x.Rank);
    }

    /// <summary><see cref="Ops.Concatenate(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, int)"/>.</summary>
    public static OnnxValue Concatenate(OnnxGraphBuilder graph, OnnxValue a, OnnxValue b, int axis = -1) => Concatenate(graph, new[] { a, b }, axis);

    /// <summary><see cref="Ops.Concatenate(IReadOnlyList{TorchSharp.torch.Tensor}, int)"/>.</summary>
    public static OnnxValue Concatenate(OnnxGraphBuilder graph, IReadOnlyList<OnnxValue> values, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(values);
        var rank = values[0].Rank;
        return new OnnxValue(graph.Concat(values.Select(v => v.Name).ToList(), Normalize(axis, rank)), rank);
    }

    /// <summary><see cref="Ops.Add"/>.</summary>
    public static OnnxValue Add(OnnxGraphBuilder graph, OnnxValue a, OnnxValue b)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new OnnxValue(graph.Add(a.Name, b.Name), a.Rank);
    }

    /// <summary>The Activation layer (a Keras activation name, <see cref="Activations"/>): one ONNX operator, or none for <c>linear</c>.</summary>
    public static OnnxValue Activation(OnnxGraphBuilder graph, string activation, OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return new OnnxValue(KerasActivation.WriteOnnx(graph, activation, x.Name), x.Rank);
    }

    /// <summary>Keras's <c>Flatten</c>: <c>[B, …] -> [B, product of the rest]</c>.</summary>
    public static OnnxValue Flatten(OnnxGraphBuilder graph, OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return new OnnxValue(graph.Op("Flatten", new[] { x.Name }, ("axis", 1L)), 2);
    }

    private static int Normalize(int axis, int rank) => axis < 0 ? rank + axis : axis;
}
