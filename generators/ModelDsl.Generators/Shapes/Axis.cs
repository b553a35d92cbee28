using System.Globalization;

namespace ModelDsl.Generators.Shapes;

/// <summary>Keras's axis numbering: 0 is the batch, negative axes count from the end.</summary>
internal static class Axis
{
    /// <summary>The axis as a non-negative index, or an error naming the operation when it is out of range or the batch.</summary>
    public static ShapeError? Normalize(string operation, int axis, TensorType type, string batchReason, out int index)
    {
        var rank = type.Shape.Rank;
        index = axis < 0 ? axis + rank : axis;
        var written = axis.ToString(CultureInfo.InvariantCulture);
        if (index < 0 || index >= rank)
        {
            return ShapeError.Create(
                Diagnostics.DiagnosticDescriptors.AxisOutOfRange, operation, written, type.Shape.ToString(),
                $"it has rank {rank.ToString(CultureInfo.InvariantCulture)}, so axes run from 1 to {(rank - 1).ToString(CultureInfo.InvariantCulture)} (0 is the batch; -1 is the last)");
        }

        return index == 0
            ? ShapeError.Create(Diagnostics.DiagnosticDescriptors.AxisOutOfRange, operation, written, type.Shape.ToString(), batchReason)
            : null;
    }

    /// <summary>Two dimensions that may be the same at run time: equal sizes, or either one not fixed (the batch or a <c>T</c>).</summary>
    public static bool Compatible(Dim a, Dim b) => !a.IsKnown || !b.IsKnown || a == b;

    /// <summary>Requires float32, as every operation with arithmetic on values does.</summary>
    public static ShapeError? RequireFloat(string operation, TensorType type) =>
        type.ElementType == Model.ElementType.Float32
            ? null
            : ShapeError.Create(Diagnostics.DiagnosticDescriptors.OpsNeedsFloatInput, operation, type.Shape.ToString(), Model.ElementTypeNames.KerasName(type.ElementType));

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
