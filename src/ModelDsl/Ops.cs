using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelDsl.Layers;
using static TorchSharp.torch;

namespace ModelDsl;

/// <summary>
/// Keras's merge and tensor operations for the <c>[Forward]</c> method of graph models, with Keras's
/// axis conventions (axis 0 is the batch). Shape mismatches throw <see cref="ArgumentException"/> naming both shapes.
/// </summary>
public static class Ops
{
    /// <summary>Keras <c>Dot(axes)</c>: batch-wise dot product over the same axis of both, e.g. <c>[B, 30, 400]·[B, 20, 400]</c> on axis 2 is <c>[B, 30, 20]</c>.</summary>
    public static Tensor Dot(Tensor a, Tensor b, int axes) => Dot(a, b, (axes, axes));

    /// <summary>Keras <c>Dot(axes=(i, j))</c>: contracts axis i of <paramref name="a"/> with axis j of <paramref name="b"/>, e.g. <c>[B, 30, 20]·[B, 20, 400]</c> on (2, 1) is <c>[B, 30, 400]</c>.</summary>
    public static Tensor Dot(Tensor a, Tensor b, (int A, int B) axes)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var what = $"Dot(axes=({axes.A}, {axes.B})) of {TensorText.Shape(a)} and {TensorText.Shape(b)}";
        if (a.Dimensions < 2 || b.Dimensions < 2)
        {
            throw new ArgumentException($"{what}: both inputs need a batch axis and at least one more axis");
        }

        var axisA = NormalizeAxis(axes.A, a.Dimensions, what, "first");
        var axisB = NormalizeAxis(axes.B, b.Dimensions, what, "second");
        if (axisA == 0 || axisB == 0)
        {
            throw new ArgumentException($"{what}: axis 0 is the batch and cannot be contracted");
        }

        if (a.shape[0] != b.shape[0])
        {
            throw new ArgumentException($"{what}: the batch sizes differ ({a.shape[0]} and {b.shape[0]})");
        }

        if (a.shape[axisA] != b.shape[axisB])
        {
            throw new ArgumentException(
                $"{what}: contracted sizes differ (axis {axisA} of the first is {a.shape[axisA]}, axis {axisB} of the second is {b.shape[axisB]})");
        }

        // Both operands become batched matrices, [B, rest of a, d] and [B, d, rest of b], so one bmm
        // contracts the chosen axes whatever the ranks; the rests are restored afterwards.
        using var scope = NewDisposeScope();
        var restA = a.shape.Where((_, i) => i != 0 && i != axisA).ToArray();
        var restB = b.shape.Where((_, i) => i != 0 && i != axisB).ToArray();
        var batch = a.shape[0];
        var depth = a.shape[axisA];
        var left = a.movedim(new long[] { axisA }, new long[] { a.Dimensions - 1 }).reshape(batch, Product(restA), depth);
        var right = b.movedim(new long[] { axisB }, new long[] { 1 }).reshape(batch, depth, Product(restB));
        var product = left.bmm(right);

        // Keras keeps a rank-2 result when both inputs were vectors: [B, d]·[B, d] is [B, 1].
        var shape = restA.Length + restB.Length == 0
            ? new[] { batch, 1L }
            : new[] { batch }.Concat(restA).Concat(restB).ToArray();
        return product.reshape(shape).MoveToOuterDisposeScope();
    }

    /// <summary>Softmax over <paramref name="axis"/> (default the last).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        var dim = NormalizeAxis(axis, x.Dimensions, $"Softmax(axis={axis}) of {TensorText.Shape(x)}", "input");
        return x.softmax(dim);
    }

    /// <summary>Keras <c>Concatenate(axis)</c> of two tensors; every other axis must match.</summary>
    public static Tensor Concatenate(Tensor a, Tensor b, int axis = -1) => Concatenate(new[] { a, b }, axis);

    /// <summary>Keras <c>Concatenate(axis)</c> of several tensors; every other axis must match.</summary>
    public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException($"Concatenate(axis={axis}): no inputs", nameof(tensors));
        }

        var shapes = string.Join(" and ", tensors.Select(t => TensorText.Shape(t)));
        var what = $"Concatenate(axis={axis}) of {shapes}";
        var first = tensors[0];
        var dim = NormalizeAxis(axis, first.Dimensions, what, "first");
        for (var i = 1; i < tensors.Count; i++)
        {
            var other = tensors[i];
            if (other.Dimensions != first.Dimensions)
            {
                throw new ArgumentException($"{what}: input {i} has rank {other.Dimensions}, input 0 has rank {first.Dimensions}");
            }

            for (var d = 0; d < first.Dimensions; d++)
            {
                if (d != dim && other.shape[d] != first.shape[d])
                {
                    throw new ArgumentException(
                        $"{what}: axis {d} differs ({first.shape[d]} in input 0, {other.shape[d]} in input {i}); only axis {dim} may differ");
                }
            }
        }

        return cat(tensors.ToArray(), dim);
    }

    /// <summary>Keras <c>Add()</c>: element-wise sum of tensors of one shape.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.shape.SequenceEqual(b.shape))
        {
            throw new ArgumentException($"Add of {TensorText.Shape(a)} and {TensorText.Shape(b)}: the shapes must be equal");
        }

        return a.add(b);
    }

    private static long NormalizeAxis(int axis, long rank, string what, string operand)
    {
        var normalized = axis < 0 ? rank + axis : axis;
        if (normalized < 0 || normalized >= rank)
        {
            throw new ArgumentException(
                $"{what}: axis {axis.ToString(CultureInfo.InvariantCulture)} is outside the {operand} input's {rank} axes");
        }

        return normalized;
    }

    private static long Product(long[] dimensions)
    {
        var product = 1L;
        foreach (var d in dimensions)
        {
            product *= d;
        }

        return product;
    }
}
