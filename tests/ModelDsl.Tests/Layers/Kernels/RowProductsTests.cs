using System;
using System.Linq;
using ModelDsl.Layers.Kernels;
using Xunit;

namespace ModelDsl.Tests.Layers.Kernels;

/// <summary>
/// The recurrent matmul kernel against plain double arithmetic, at widths that use every path: two and one 512-bit or
/// <c>Vector&lt;float&gt;</c> vectors, single columns, blocks of four rows and single rows, rows spaced by strides.
/// </summary>
public sealed class RowProductsTests
{
    public static TheoryData<int, int, int, bool> Shapes()
    {
        var shapes = new TheoryData<int, int, int, bool>();
        foreach (var (k, n, rows) in new[] { (1, 1, 1), (3, 7, 2), (32, 96, 4), (96, 32, 5), (17, 49, 7), (128, 512, 4), (512, 128, 9), (5, 40, 8), (6, 24, 4) })
        {
            shapes.Add(k, n, rows, false);
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            {
                shapes.Add(k, n, rows, true);
            }
        }

        return shapes;
    }

    // Without 512-bit vectors the Vector<float> path does every width; with them it does only what is left after them.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Accumulate_AddsEachRowTimesTheMatrix_ToWhatTheRowHeld(int k, int n, int rows, bool use512)
    {
        var previous = RowProducts.Use512;
        RowProducts.Use512 = use512;
        try
        {
            Check(k, n, rows);
        }
        finally
        {
            RowProducts.Use512 = previous;
        }
    }

    private static void Check(int k, int n, int rows)
    {
        var random = new Random(k * 1000 + n);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        var matrix = Enumerable.Range(0, k * n).Select(_ => Next()).ToArray();
        var (aStart, aStride, yStart, yStride) = (3, k + 5, 2, n + 3);
        var a = Enumerable.Range(0, aStart + (rows * aStride)).Select(_ => Next()).ToArray();
        var y = Enumerable.Range(0, yStart + (rows * yStride)).Select(_ => Next()).ToArray();
        var before = (float[])y.Clone();

        RowProducts.Accumulate(matrix, k, n, a, aStart, aStride, y, yStart, yStride, rows);

        for (var i = 0; i < y.Length; i++)
        {
            var (r, j) = (Math.DivRem(i - yStart, yStride, out var column), column);
            var inRow = i >= yStart && r < rows && j < n;
            var expected = (double)before[i];
            if (inRow)
            {
                for (var p = 0; p < k; p++)
                {
                    expected += (double)a[aStart + (r * aStride) + p] * matrix[(p * n) + j];
                }
            }

            Assert.True(Math.Abs(expected - y[i]) <= 1e-5 * Math.Max(1, Math.Sqrt(k)), $"y[{i}] (row {r}, column {j}): {y[i]} against {expected}");
        }
    }

    [Fact]
    public void Accumulate_RefusesRowsThatDoNotFit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            RowProducts.Accumulate(new float[6], 2, 3, new float[4], 0, 2, new float[5], 0, 3, rows: 2));

        Assert.Contains("2 rows of [2] x [2, 3]", error.Message, StringComparison.Ordinal);
    }
}
