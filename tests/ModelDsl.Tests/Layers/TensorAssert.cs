using System;
using System.Globalization;
using System.Linq;
using Xunit;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

/// <summary>Element-wise comparisons of tensors for the layer tests.</summary>
internal static class TensorAssert
{
    /// <summary>Every element of <paramref name="tensor"/> as float64, row-major.</summary>
    public static double[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>Same shape and every element within <paramref name="tolerance"/>.</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        Close(Values(expected), actual, tolerance);
    }

    /// <summary>Every element (row-major) within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
    public static void Close(double[] expected, Tensor actual, double tolerance)
    {
        var values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var difference = Math.Abs(expected[i] - values[i]);
            if (!(difference <= tolerance))
            {
                throw new XunitException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"element {i} (row-major) of [{string.Join(", ", actual.shape)}]: expected {expected[i]:R}, got {values[i]:R} (|diff| {difference:E3} > {tolerance:E0})"));
            }
        }
    }

    /// <summary>The largest absolute difference between two tensors of one shape.</summary>
    public static double MaxDifference(Tensor a, Tensor b)
    {
        Assert.Equal(a.shape, b.shape);
        return Values(a).Zip(Values(b), (x, y) => Math.Abs(x - y)).DefaultIfEmpty(0).Max();
    }
}
