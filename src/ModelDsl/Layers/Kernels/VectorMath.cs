using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// Sigmoid, tanh and row updates over float32 spans, <see cref="Vector{T}"/> wide: the gate math of <see cref="RecurrenceCells"/>
/// (the recurrent matmuls are <see cref="RowProducts"/>). <c>exp</c> is the range reduction <c>x = n·ln 2 + r</c> with a degree-6 polynomial for
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
