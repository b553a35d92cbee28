using System.Collections.Generic;
using Onnx;

namespace ModelDsl.Onnx;

// The small node patterns the layers share, each one ONNX operator (or a few) with the attributes spelled once.
public sealed partial class OnnxGraphBuilder
{
    internal string Transpose(string x, params long[] perm) => Op("Transpose", new[] { x }, ("perm", perm));

    internal string Squeeze(string x, params long[] axes) => Op("Squeeze", new[] { x, Int64s(axes) });

    internal string Unsqueeze(string x, params long[] axes) => Op("Unsqueeze", new[] { x, Int64s(axes) });

    internal string Cast(string x, TensorProto.Types.DataType to) => Op("Cast", new[] { x }, ("to", (long)to));

    internal string CastFloat(string x) => Cast(x, TensorProto.Types.DataType.Float);

    internal string Mul(string a, string b) => Op("Mul", new[] { a, b });

    internal string Add(string a, string b) => Op("Add", new[] { a, b });

    internal string Sub(string a, string b) => Op("Sub", new[] { a, b });

    internal string Div(string a, string b) => Op("Div", new[] { a, b });

    internal string MatMul(string a, string b) => Op("MatMul", new[] { a, b });

    internal string Concat(IReadOnlyList<string> values, long axis) => Op("Concat", values, ("axis", axis));

    /// <summary>Axis <paramref name="axis"/> of <paramref name="x"/>'s shape as a 1-D int64 tensor of one element.</summary>
    internal string Dim(string x, long axis) => Op("Shape", new[] { x }, ("start", axis), ("end", axis + 1));

    /// <summary><paramref name="x"/> reversed along <paramref name="axis"/>.</summary>
    internal string Flip(string x, long axis) =>
        Op("Slice", new[] { x, Int64s(new[] { -1L }), Int64s(new[] { long.MinValue }), Int64s(new[] { axis }), Int64s(new[] { -1L }) });

    /// <summary>
    /// For each row of <paramref name="keys"/> <c>[B, T] int64</c>, the positions that sort it ascending (keys must be distinct
    /// within a row, so the order is the one a stable sort gives).
    /// </summary>
    internal string ArgSortRows(string keys)
    {
        var steps = Dim(keys, 1);
        var (_, indices) = Pair(Op("TopK", new[] { keys, steps }, 2, ("axis", 1L), ("largest", 0L), ("sorted", 1L)));
        return indices;
    }

    /// <summary><paramref name="x"/> <c>[B, T, …]</c> with its steps taken in <paramref name="order"/> <c>[B, T]</c> row by row.</summary>
    internal string GatherSteps(string x, string order, int rank)
    {
        var index = order;
        for (var axis = 2; axis < rank; axis++)
        {
            index = Unsqueeze(index, axis);
        }

        var expanded = Op("Expand", new[] { index, Op("Shape", new[] { x }) });
        return Op("GatherElements", new[] { x, expanded }, ("axis", 1L));
    }

    private static (string, string) Pair(string[] values) => (values[0], values[1]);
}
