using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// <c>y_r += a_r · M</c> for a few rows r at once, <c>M</c> small and row-major: the recurrent matmuls of
/// <see cref="RecurrenceMath"/> (per step, <c>h₋₁·Uᵀ</c> forward and <c>dp·U</c> backward, for a block of rows). Four rows
/// share every load of <c>M</c> and keep their sums in registers across the k products; 512-bit vectors where the CPU
/// has them (AVX-512), <see cref="Vector{T}"/> otherwise, single columns for what is left.
/// </summary>
internal static class RowProducts
{
    /// <summary>Whether 512-bit vectors are used: where the CPU has them, unless a test turns them off to run the narrower path.</summary>
    internal static bool Use512 { get; set; } = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// For <paramref name="rows"/> rows, <c>M</c> <c>[k, n]</c>: row r of <c>a</c> (k values) starts at <paramref name="aStart"/> +
    /// r·<paramref name="aStride"/>, row r of <c>y</c> (n values) at <paramref name="yStart"/> + r·<paramref name="yStride"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows do not fit the spans.</exception>
    public static void Accumulate(
        ReadOnlySpan<float> matrix, int k, int n, ReadOnlySpan<float> a, int aStart, int aStride, Span<float> y, int yStart, int yStride, int rows)
    {
        if (rows <= 0)
        {
            return;
        }

        if (matrix.Length < k * n || aStart < 0 || yStart < 0
            || aStart + ((rows - 1) * aStride) + k > a.Length || yStart + ((rows - 1) * yStride) + n > y.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} rows of [{k}] x [{k}, {n}] do not fit the spans given");
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var a0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), aStart);
        ref var y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), yStart);
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref var ar = ref Unsafe.Add(ref a0, r * aStride);
            ref var yr = ref Unsafe.Add(ref y0, r * yStride);
            var done = Use512 ? Four512(ref m, k, n, ref ar, aStride, ref yr, yStride) : 0;
            Four(ref m, k, n, done, ref ar, aStride, ref yr, yStride);
        }

        for (; r < rows; r++)
        {
            ref var ar = ref Unsafe.Add(ref a0, r * aStride);
            ref var yr = ref Unsafe.Add(ref y0, r * yStride);
            var done = Use512 ? One512(ref m, k, n, ref ar, ref yr) : 0;
            One(ref m, k, n, done, ref ar, ref yr);
        }
    }

    // Four rows in 512-bit vectors, two at a time (eight sums) then one; returns the columns done.
    private static int Four512(ref float m, int k, int n, ref float a0, int aStride, ref float y0, int yStride)
    {
        ref var a1 = ref Unsafe.Add(ref a0, aStride);
        ref var a2 = ref Unsafe.Add(ref a1, aStride);
        ref var a3 = ref Unsafe.Add(ref a2, aStride);
        ref var y1 = ref Unsafe.Add(ref y0, yStride);
        ref var y2 = ref Unsafe.Add(ref y1, yStride);
        ref var y3 = ref Unsafe.Add(ref y2, yStride);
        var width = Vector512<float>.Count;
        var j = 0;
        for (; j + (2 * width) <= n; j += 2 * width)
        {
            var (at, next) = ((nuint)j, (nuint)(j + width));
            var (s00, s01) = (Vector512.LoadUnsafe(ref y0, at), Vector512.LoadUnsafe(ref y0, next));
            var (s10, s11) = (Vector512.LoadUnsafe(ref y1, at), Vector512.LoadUnsafe(ref y1, next));
            var (s20, s21) = (Vector512.LoadUnsafe(ref y2, at), Vector512.LoadUnsafe(ref y2, next));
            var (s30, s31) = (Vector512.LoadUnsafe(ref y3, at), Vector512.LoadUnsafe(ref y3, next));
            for (var i = 0; i < k; i++)
            {
                var row = (nuint)(i * n);
                var m0 = Vector512.LoadUnsafe(ref m, row + at);
                var m1 = Vector512.LoadUnsafe(ref m, row + next);
                var b = Vector512.Create(Unsafe.Add(ref a0, i));
                s00 = MultiplyAdd(m0, b, s00);
                s01 = MultiplyAdd(m1, b, s01);
                b = Vector512.Create(Unsafe.Add(ref a1, i));
                s10 = MultiplyAdd(m0, b, s10);
                s11 = MultiplyAdd(m1, b, s11);
                b = Vector512.Create(Unsafe.Add(ref a2, i));
                s20 = MultiplyAdd(m0, b, s20);
                s21 = MultiplyAdd(m1, b, s21);
                b = Vector512.Create(Unsafe.Add(ref a3, i));
                s30 = MultiplyAdd(m0, b, s30);
                s31 = MultiplyAdd(m1, b, s31);
            }

            s00.StoreUnsafe(ref y0, at);
            s01.StoreUnsafe(ref y0, next);
            s10.StoreUnsafe(ref y1, at);
            s11.StoreUnsafe(ref y1, next);
            s20.StoreUnsafe(ref y2, at);
            s21.StoreUnsafe(ref y2, next);
            s30.StoreUnsafe(ref y3, at);
            s31.StoreUnsafe(ref y3, next);
        }

        for (; j + width <= n; j += width)
        {
            var at = (nuint)j;
            var (s0, s1, s2, s3) = (Vector512.LoadUnsafe(ref y0, at), Vector512.LoadUnsafe(ref y1, at), Vector512.LoadUnsafe(ref y2, at), Vector512.LoadUnsafe(ref y3, at));
            for (var i = 0; i < k; i++)
            {
                var m0 = Vector512.LoadUnsafe(ref m, (nuint)(i * n) + at);
                s0 = MultiplyAdd(m0, Vector512.Create(Unsafe.Add(ref a0, i)), s0);
                s1 = MultiplyAdd(m0, Vector512.Create(Unsafe.Add(ref a1, i)), s1);
                s2 = MultiplyAdd(m0, Vector512.Create(Unsafe.Add(ref a2, i)), s2);
                s3 = MultiplyAdd(m0, Vector512.Create(Unsafe.Add(ref a3, i)), s3);
            }

            s0.StoreUnsafe(ref y0, at);
            s1.StoreUnsafe(ref y1, at);
            s2.StoreUnsafe(ref y2, at);
            s3.StoreUnsafe(ref y3, at);
        }

        return j;
    }

    // Four rows from column `from` in Vector<float>s, two at a time then one, then single columns.
    private static void Four(ref float m, int k, int n, int from, ref float a0, int aStride, ref float y0, int yStride)
    {
        ref var a1 = ref Unsafe.Add(ref a0, aStride);
        ref var a2 = ref Unsafe.Add(ref a1, aStride);
        ref var a3 = ref Unsafe.Add(ref a2, aStride);
        ref var y1 = ref Unsafe.Add(ref y0, yStride);
        ref var y2 = ref Unsafe.Add(ref y1, yStride);
        ref var y3 = ref Unsafe.Add(ref y2, yStride);
        var width = Vector<float>.Count;
        var j = from;
        for (; j + (2 * width) <= n; j += 2 * width)
        {
            var (at, next) = ((nuint)j, (nuint)(j + width));
            var (s00, s01) = (Vector.LoadUnsafe(ref y0, at), Vector.LoadUnsafe(ref y0, next));
            var (s10, s11) = (Vector.LoadUnsafe(ref y1, at), Vector.LoadUnsafe(ref y1, next));
            var (s20, s21) = (Vector.LoadUnsafe(ref y2, at), Vector.LoadUnsafe(ref y2, next));
            var (s30, s31) = (Vector.LoadUnsafe(ref y3, at), Vector.LoadUnsafe(ref y3, next));
            for (var i = 0; i < k; i++)
            {
                var row = (nuint)(i * n);
                var m0 = Vector.LoadUnsafe(ref m, row + at);
                var m1 = Vector.LoadUnsafe(ref m, row + next);
                var b = new Vector<float>(Unsafe.Add(ref a0, i));
                s00 = MultiplyAdd(m0, b, s00);
                s01 = MultiplyAdd(m1, b, s01);
                b = new Vector<float>(Unsafe.Add(ref a1, i));
                s10 = MultiplyAdd(m0, b, s10);
                s11 = MultiplyAdd(m1, b, s11);
                b = new Vector<float>(Unsafe.Add(ref a2, i));
                s20 = MultiplyAdd(m0, b, s20);
                s21 = MultiplyAdd(m1, b, s21);
                b = new Vector<float>(Unsafe.Add(ref a3, i));
                s30 = MultiplyAdd(m0, b, s30);
                s31 = MultiplyAdd(m1, b, s31);
            }

            s00.StoreUnsafe(ref y0, at);
            s01.StoreUnsafe(ref y0, next);
            s10.StoreUnsafe(ref y1, at);
            s11.StoreUnsafe(ref y1, next);
            s20.StoreUnsafe(ref y2, at);
            s21.StoreUnsafe(ref y2, next);
            s30.StoreUnsafe(ref y3, at);
            s31.StoreUnsafe(ref y3, next);
        }

        for (; j + width <= n; j += width)
        {
            var at = (nuint)j;
            var (s0, s1, s2, s3) = (Vector.LoadUnsafe(ref y0, at), Vector.LoadUnsafe(ref y1, at), Vector.LoadUnsafe(ref y2, at), Vector.LoadUnsafe(ref y3, at));
            for (var i = 0; i < k; i++)
            {
                var m0 = Vector.LoadUnsafe(ref m, (nuint)(i * n) + at);
                s0 = MultiplyAdd(m0, new Vector<float>(Unsafe.Add(ref a0, i)), s0);
                s1 = MultiplyAdd(m0, new Vector<float>(Unsafe.Add(ref a1, i)), s1);
                s2 = MultiplyAdd(m0, new Vector<float>(Unsafe.Add(ref a2, i)), s2);
                s3 = MultiplyAdd(m0, new Vector<float>(Unsafe.Add(ref a3, i)), s3);
            }

            s0.StoreUnsafe(ref y0, at);
            s1.StoreUnsafe(ref y1, at);
            s2.StoreUnsafe(ref y2, at);
            s3.StoreUnsafe(ref y3, at);
        }

        if (j < n)
        {
            Columns(ref m, k, n, j, ref a0, ref y0);
            Columns(ref m, k, n, j, ref a1, ref y1);
            Columns(ref m, k, n, j, ref a2, ref y2);
            Columns(ref m, k, n, j, ref a3, ref y3);
        }
    }

    private static int One512(ref float m, int k, int n, ref float a, ref float y)
    {
        var width = Vector512<float>.Count;
        var j = 0;
        for (; j + width <= n; j += width)
        {
            var at = (nuint)j;
            var s = Vector512.LoadUnsafe(ref y, at);
            for (var i = 0; i < k; i++)
            {
                s = MultiplyAdd(Vector512.LoadUnsafe(ref m, (nuint)(i * n) + at), Vector512.Create(Unsafe.Add(ref a, i)), s);
            }

            s.StoreUnsafe(ref y, at);
        }

        return j;
    }

    private static void One(ref float m, int k, int n, int from, ref float a, ref float y)
    {
        var width = Vector<float>.Count;
        var j = from;
        for (; j + width <= n; j += width)
        {
            var at = (nuint)j;
            var s = Vector.LoadUnsafe(ref y, at);
            for (var i = 0; i < k; i++)
            {
                s = MultiplyAdd(Vector.LoadUnsafe(ref m, (nuint)(i * n) + at), new Vector<float>(Unsafe.Add(ref a, i)), s);
            }

            s.StoreUnsafe(ref y, at);
        }

        Columns(ref m, k, n, j, ref a, ref y);
    }

    // Columns from..n of one row, one at a time (fewer than a vector's worth).
    private static void Columns(ref float m, int k, int n, int from, ref float a, ref float y)
    {
        for (var j = from; j < n; j++)
        {
            var sum = Unsafe.Add(ref y, j);
            for (var i = 0; i < k; i++)
            {
                sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref m, (i * n) + j), Unsafe.Add(ref a, i), sum);
            }

            Unsafe.Add(ref y, j) = sum;
        }
    }

    // a·b + c per lane, fused where the runtime has it (.NET 9 on).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
#if NET9_0_OR_GREATER
        Vector.FusedMultiplyAdd(a, b, c);
#else
        (a * b) + c;
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
#if NET9_0_OR_GREATER
        Vector512.FusedMultiplyAdd(a, b, c);
#else
        (a * b) + c;
#endif
}
