using System;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// How <see cref="Samples"/> rows are cut into batches of <see cref="BatchSize"/>, in order: every batch full but
/// the last, which holds what remains (Keras's batching, in <c>fit</c>, <c>evaluate</c> and <c>predict</c> alike).
/// </summary>
internal readonly record struct BatchPlan(long Samples, int BatchSize)
{
    /// <summary>The number of batches.</summary>
    public int Steps => (int)((Samples + BatchSize - 1) / BatchSize);

    /// <summary>The first row and the number of rows of batch <paramref name="step"/>.</summary>
    public (long Start, long Count) this[int step]
    {
        get
        {
            var start = (long)step * BatchSize;
            return (start, Math.Min(BatchSize, Samples - start));
        }
    }

    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of every input (views, not copies).</summary>
    public static Tensor[] Rows(Tensor[] x, long start, long count)
    {
        var rows = new Tensor[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            rows[i] = x[i].narrow(0, start, count);
        }

        return rows;
    }

    /// <summary>The rows of every input at <paramref name="indices"/>, in that order.</summary>
    public static Tensor[] Rows(Tensor[] x, Tensor indices)
    {
        var rows = new Tensor[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            rows[i] = x[i].index_select(0, indices);
        }

        return rows;
    }
}
