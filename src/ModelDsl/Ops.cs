using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace ModelDsl;

/// <summary>
/// Keras's merge and tensor operations for the <c>[Forward]</c> method of graph models, with Keras's
/// axis conventions (axis 0 is the batch). Shape mismatches throw <see cref="ArgumentException"/> naming both shapes.
/// </summary>
public static class Ops
{
    /// <summary>Keras <c>Dot(axes)</c>: batch-wise dot product over the same axis of both, e.g. <c>[B, 30, 400]·[B, 20, 400]</c> on axis 2 is <c>[B, 30, 20]</c>.</summary>
    public static Tensor Dot(Tensor a, Tensor b, int axes) => throw new NotImplementedException();

    /// <summary>Keras <c>Dot(axes=(i, j))</c>: contracts axis i of <paramref name="a"/> with axis j of <paramref name="b"/>, e.g. <c>[B, 30, 20]·[B, 20, 400]</c> on (2, 1) is <c>[B, 30, 400]</c>.</summary>
    public static Tensor Dot(Tensor a, Tensor b, (int A, int B) axes) => throw new NotImplementedException();

    /// <summary>Softmax over <paramref name="axis"/> (default the last).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) => throw new NotImplementedException();

    /// <summary>Keras <c>Concatenate(axis)</c> of two tensors; every other axis must match.</summary>
    public static Tensor Concatenate(Tensor a, Tensor b, int axis = -1) => throw new NotImplementedException();

    /// <summary>Keras <c>Concatenate(axis)</c> of several tensors; every other axis must match.</summary>
    public static Tensor Concatenate(IReadOnlyList<Tensor> tensors, int axis = -1) => throw new NotImplementedException();

    /// <summary>Keras <c>Add()</c>: element-wise sum of tensors of one shape.</summary>
    public static Tensor Add(Tensor a, Tensor b) => throw new NotImplementedException();
}
