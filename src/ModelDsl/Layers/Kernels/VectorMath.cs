using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// Sigmoid, tanh, row updates and small row-times-matrix products over float32 spans, <see cref="Vector{T}"/> wide: the
/// arithmetic of <see cref="RecurrenceMath"/> and <see cref="RecurrenceCells"/>. <c>exp</c> is the range reduction <c>x = n·ln 2 + r</c> with a degree-6 polynomial for
/// <c>eʳ</c> on |r| ≤ ln 2 / 2 (about 1 ulp, as libtorch's vectorized kernels); tails shorter than a vector use <see cref="MathF"/>.
/// </summary>
internal static class VectorMath
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float ExpMax = 88.3762626647949f;
    private const float ExpMin = -87.3365447504019f;

    /// <summary><c>y += a·x</c>.</summary>
    public static void AddScaled(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<float>.Count)
        {
            var scale = new Vector<float>(a);
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            for (var v = 0; v < ys.Length; v++)
            {
                ys[v] += scale * xs[v];
            }

            i = ys.Length * Vector<float>.Count;
        }

        for (; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>
    /// <c>y_r += a_r · M</c> for <paramref name="rows"/> rows, <c>M</c> <c>[k, n]</c> row-major: row r of <c>a</c> (k values) starts
    /// at <paramref name="aStart"/> + r·<paramref name="aStride"/>, row r of <c>y</c> (n values) at <paramref name="yStart"/> + r·<paramref name="yStride"/>.
    /// Four rows at a time share every load of <c>M</c>, their sums kept in registers across the k products.
    /// </summary>
    public static void AccumulateProducts(
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
            AccumulateFour(ref m, k, n, ref Unsafe.Add(ref a0, r * aStride), aStride, ref Unsafe.Add(ref y0, r * yStride), yStride);
        }

        for (; r < rows; r++)
        {
            AccumulateOne(ref m, k, n, ref Unsafe.Add(ref a0, r * aStride), ref Unsafe.Add(ref y0, r * yStride));
        }
    }

    // Two vectors of four rows (eight sums) per pass over k, then one vector, then the columns left over.
    private static void AccumulateFour(ref float m, int k, int n, ref float a0, int aStride, ref float y0, int yStride)
    {
        ref var a1 = ref Unsafe.Add(ref a0, aStride);
        ref var a2 = ref Unsafe.Add(ref a1, aStride);
        ref var a3 = ref Unsafe.Add(ref a2, aStride);
        ref var y1 = ref Unsafe.Add(ref y0, yStride);
        ref var y2 = ref Unsafe.Add(ref y1, yStride);
        ref var y3 = ref Unsafe.Add(ref y2, yStride);
        var width = Vector<float>.Count;
        var j = 0;
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
            AccumulateColumns(ref m, k, n, j, ref a0, ref y0);
            AccumulateColumns(ref m, k, n, j, ref a1, ref y1);
            AccumulateColumns(ref m, k, n, j, ref a2, ref y2);
            AccumulateColumns(ref m, k, n, j, ref a3, ref y3);
        }
    }

    private static void AccumulateOne(ref float m, int k, int n, ref float a, ref float y)
    {
        var width = Vector<float>.Count;
        var j = 0;
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

        AccumulateColumns(ref m, k, n, j, ref a, ref y);
    }

    // Columns from..n of one row, one at a time (fewer than a vector's worth).
    private static void AccumulateColumns(ref float m, int k, int n, int from, ref float a, ref float y)
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

    /// <summary><c>output = σ(a + b)</c>.</summary>
    public static void SigmoidOfSum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = Vectors(a);
            var vb = Vectors(b);
            var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
            for (var v = 0; v < vo.Length; v++)
            {
                vo[v] = Sigmoid(va[v] + vb[v]);
            }

            i = vo.Length * Vector<float>.Count;
        }

        for (; i < output.Length; i++)
        {
            output[i] = 1f / (1f + MathF.Exp(-(a[i] + b[i])));
        }
    }

    /// <summary><c>output = tanh(a + b ⊙ c)</c>.</summary>
    public static void TanhOfSumProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = Vectors(a);
            var vb = Vectors(b);
            var vc = Vectors(c);
            var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
            for (var v = 0; v < vo.Length; v++)
            {
                vo[v] = Tanh(va[v] + (vb[v] * vc[v]));
            }

            i = vo.Length * Vector<float>.Count;
        }

        for (; i < output.Length; i++)
        {
            output[i] = MathF.Tanh(a[i] + (b[i] * c[i]));
        }
    }

    /// <summary><c>output = tanh(a + b)</c>.</summary>
    public static void TanhOfSum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = Vectors(a);
            var vb = Vectors(b);
            var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
            for (var v = 0; v < vo.Length; v++)
            {
                vo[v] = Tanh(va[v] + vb[v]);
            }

            i = vo.Length * Vector<float>.Count;
        }

        for (; i < output.Length; i++)
        {
            output[i] = MathF.Tanh(a[i] + b[i]);
        }
    }

    /// <summary><c>output = n + z ⊙ (previous − n)</c>, the GRU's blend.</summary>
    public static void Blend(ReadOnlySpan<float> n, ReadOnlySpan<float> z, ReadOnlySpan<float> previous, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vn = Vectors(n);
            var vz = Vectors(z);
            var vp = Vectors(previous);
            var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
            for (var v = 0; v < vo.Length; v++)
            {
                vo[v] = vn[v] + (vz[v] * (vp[v] - vn[v]));
            }

            i = vo.Length * Vector<float>.Count;
        }

        for (; i < output.Length; i++)
        {
            output[i] = n[i] + (z[i] * (previous[i] - n[i]));
        }
    }

    /// <summary><c>eˣ</c> per lane.</summary>
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(ExpMin)), new Vector<float>(ExpMax));
        var n = Vector.Floor((x * new Vector<float>(Log2E)) + new Vector<float>(0.5f));
        var r = x - (n * new Vector<float>(Ln2High)) - (n * new Vector<float>(Ln2Low));
        var p = new Vector<float>(1.9875691500e-4f);
        p = (p * r) + new Vector<float>(1.3981999507e-3f);
        p = (p * r) + new Vector<float>(8.3334519073e-3f);
        p = (p * r) + new Vector<float>(4.1665795894e-2f);
        p = (p * r) + new Vector<float>(1.6666665459e-1f);
        p = (p * r) + new Vector<float>(5.0000001201e-1f);
        p = (p * r * r) + r + Vector<float>.One;

        // 2ⁿ from the exponent bits; n stays within [-126, 127] after the clamp.
        var twoToN = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23));
        return p * twoToN;
    }

    /// <summary><c>a·b + c</c> per lane, fused where the runtime has it (.NET 9 on).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
#if NET9_0_OR_GREATER
        Vector.FusedMultiplyAdd(a, b, c);
#else
        (a * b) + c;
#endif

    /// <summary><c>σ(x) = 1 / (1 + e⁻ˣ)</c> per lane.</summary>
    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Exp(-x));

    /// <summary><c>tanh x = sign(x)·(1 − e^(−2|x|)) / (1 + e^(−2|x|))</c> per lane (no overflow for any x).</summary>
    public static Vector<float> Tanh(Vector<float> x)
    {
        var t = Exp(Vector.Abs(x) * new Vector<float>(-2f));
        var magnitude = (Vector<float>.One - t) / (Vector<float>.One + t);
        return Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -magnitude, magnitude);
    }

    private static ReadOnlySpan<Vector<float>> Vectors(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, Vector<float>>(values);
}
