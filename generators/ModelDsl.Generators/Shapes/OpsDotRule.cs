using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// <c>Ops.Dot</c>, Keras's <c>Dot(axes)</c> (<c>batch_dot</c>): contracts axis i of <c>a</c> with axis j of <c>b</c>
/// per example; the output is <c>a</c>'s other axes then <c>b</c>'s other non-batch axes, <c>[B, 1]</c> when none are left.
/// <c>[B, 30, 400]·[B, 20, 400]</c> on axis 2 is <c>[B, 30, 20]</c>.
/// </summary>
internal static class OpsDotRule
{
    public static ShapeResult Infer(EquatableArray<int> axes, TensorType a, TensorType b)
    {
        var (i, j) = axes.Count == 1 ? (axes[0], axes[0]) : (axes[0], axes[1]);
        var display = axes.Count == 1 ? $"Ops.Dot(axes: {Axis.Format(i)})" : $"Ops.Dot(axes: ({Axis.Format(i)}, {Axis.Format(j)}))";
        if ((Axis.RequireFloat(display, a) ?? Axis.RequireFloat(display, b)) is { } notFloat)
        {
            return notFloat;
        }

        const string batch = "axis 0 is the batch, and Dot pairs the examples of a batch rather than contracting them";
        var badA = Axis.Normalize(display, i, a, batch, out var ia);
        var badB = Axis.Normalize(display, j, b, batch, out var jb);
        if ((badA ?? badB) is { } badAxis)
        {
            return badAxis;
        }

        var da = a.Shape.Dims[ia];
        var db = b.Shape.Dims[jb];
        if (!Axis.Compatible(da, db))
        {
            return ShapeError.Create(
                DiagnosticDescriptors.OpsShapeMismatch, display,
                $"axis {Axis.Format(ia)} of the first and axis {Axis.Format(jb)} of the second to be the same size",
                a.Shape.ToString(), b.Shape.ToString(), $"differ there ({da} vs {db})");
        }

        var dims = new List<Dim>(a.Shape.Dims.Where((_, k) => k != ia));
        dims.AddRange(b.Shape.Dims.Where((_, k) => k != 0 && k != jb));
        if (dims.Count == 1)
        {
            dims.Add(Dim.Of(1));
        }

        return new TensorType(new SymbolicShape(dims.ToEquatableArray()), ElementType.Float32);
    }
}
