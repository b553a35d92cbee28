using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary><c>Ops.Add(a, b)</c>, Keras's <c>Add()</c>: two float tensors of one shape, summed element-wise.</summary>
internal static class OpsAddRule
{
    public static ShapeResult Infer(TensorType a, TensorType b)
    {
        const string display = "Ops.Add";
        if ((Axis.RequireFloat(display, a) ?? Axis.RequireFloat(display, b)) is { } notFloat)
        {
            return notFloat;
        }

        if (a.Shape.Rank != b.Shape.Rank)
        {
            return ShapeError.Create(
                DiagnosticDescriptors.OpsShapeMismatch, display, "equal shapes", a.Shape.ToString(), b.Shape.ToString(),
                $"have ranks {Axis.Format(a.Shape.Rank)} and {Axis.Format(b.Shape.Rank)}");
        }

        var dims = new Dim[a.Shape.Rank];
        for (var k = 0; k < dims.Length; k++)
        {
            var (da, db) = (a.Shape.Dims[k], b.Shape.Dims[k]);
            if (!Axis.Compatible(da, db))
            {
                return ShapeError.Create(
                    DiagnosticDescriptors.OpsShapeMismatch, display, "equal shapes", a.Shape.ToString(), b.Shape.ToString(), $"differ on axis {Axis.Format(k)}");
            }

            dims[k] = da.IsKnown || !db.IsKnown ? da : db;
        }

        return new TensorType(new SymbolicShape(dims.ToEquatableArray()), ElementType.Float32);
    }
}
