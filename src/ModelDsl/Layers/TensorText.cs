using System.Globalization;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>Shapes and element types as the run-time error messages print them: <c>[32, 40, 64] float32</c>.</summary>
internal static class TensorText
{
    /// <summary>The shape, e.g. <c>[32, 40, 64]</c>.</summary>
    public static string Shape(Tensor tensor) => Shape(tensor.shape);

    /// <summary>The dimensions, e.g. <c>[32, 40, 64]</c>.</summary>
    public static string Shape(long[] dimensions) =>
        "[" + string.Join(", ", System.Array.ConvertAll(dimensions, d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The shape and element type, e.g. <c>[32, 40, 64] float32</c>.</summary>
    public static string Describe(Tensor tensor) => Shape(tensor) + " " + TypeName(tensor.dtype);

    /// <summary>The numpy-style name of an element type (<c>float32</c>, <c>int64</c>, <c>bool</c>).</summary>
    public static string TypeName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };
}
