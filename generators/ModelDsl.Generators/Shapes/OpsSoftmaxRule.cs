namespace ModelDsl.Generators.Shapes;

/// <summary><c>Ops.Softmax(x, axis)</c> keeps the shape; the axis must be a feature axis.</summary>
internal static class OpsSoftmaxRule
{
    public static ShapeResult Infer(int axis, TensorType x)
    {
        var display = $"Ops.Softmax(axis: {Axis.Format(axis)})";
        if (Axis.RequireFloat(display, x) is { } notFloat)
        {
            return notFloat;
        }

        return Axis.Normalize(display, axis, x, "axis 0 is the batch, and a softmax over it would mix the examples of a batch", out _) is { } badAxis
            ? badAxis
            : x;
    }
}
