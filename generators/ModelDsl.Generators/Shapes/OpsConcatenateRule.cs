using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// <c>Ops.Concatenate(…, axis)</c>, Keras's <c>Concatenate(axis)</c>: tensors of one rank and element type,
/// equal on every axis but <c>axis</c>, whose sizes add up.
/// </summary>
internal static class OpsConcatenateRule
{
    public static ShapeResult Infer(int axis, IReadOnlyList<TensorType> inputs)
    {
        var display = $"Ops.Concatenate(axis: {Axis.Format(axis)})";
        var first = inputs[0];
        if (Axis.Normalize(display, axis, first, "axis 0 is the batch; to join examples, concatenate the data before training", out var index) is { } badAxis)
        {
            return badAxis;
        }

        var axisName = axis == -1 ? "the last" : $"axis {Axis.Format(index)}";
        foreach (var other in inputs.Skip(1))
        {
            if (other.ElementType != first.ElementType)
            {
                return ShapeError.Create(
                    DiagnosticDescriptors.OpsShapeMismatch, display, "one element type", first.ToString(), other.ToString(), "differ");
            }

            if (other.Shape.Rank != first.Shape.Rank)
            {
                return ShapeError.Create(
                    DiagnosticDescriptors.OpsShapeMismatch, display, "inputs of one rank", first.Shape.ToString(), other.Shape.ToString(),
                    $"have ranks {Axis.Format(first.Shape.Rank)} and {Axis.Format(other.Shape.Rank)}");
            }

            for (var k = 0; k < first.Shape.Rank; k++)
            {
                if (k != index && !Axis.Compatible(first.Shape.Dims[k], other.Shape.Dims[k]))
                {
                    return ShapeError.Create(
                        DiagnosticDescriptors.OpsShapeMismatch, display, $"every axis but {axisName} equal", first.Shape.ToString(), other.Shape.ToString(),
                        $"differ on axis {Axis.Format(k)}");
                }
            }
        }

        var joined = inputs.Select(t => t.Shape.Dims[index]).ToList();
        var total = joined.Where(d => d.IsKnown).Sum(d => (long)d.Size);
        if (total > int.MaxValue)
        {
            return ShapeError.Create(
                DiagnosticDescriptors.OpsShapeMismatch, display, $"sizes on {axisName} that add up to at most {int.MaxValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}",
                first.Shape.ToString(), inputs[inputs.Count - 1].Shape.ToString(),
                $"add up to {total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} with the others");
        }

        var size = joined.All(d => d.IsKnown) ? Dim.Of((int)total) : Dim.Unknown;
        var dims = first.Shape.Dims.Select((d, k) => k == index ? size : d);
        return new TensorType(new SymbolicShape(dims.ToEquatableArray()), first.ElementType);
    }
}
