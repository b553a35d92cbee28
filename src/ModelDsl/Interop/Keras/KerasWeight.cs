using System;
using System.Linq;

namespace ModelDsl.Interop.Keras;

/// <summary>One stored weight of a Keras layer: its full name (<c>lstm/lstm_cell/kernel:0</c>), shape and float32 values.</summary>
internal sealed record KerasWeight(string Name, long[] Shape, float[] Values)
{
    /// <summary>The last part of the name without the <c>:0</c> suffix: <c>kernel</c>, <c>recurrent_kernel</c>, <c>bias</c>, <c>embeddings</c>.</summary>
    public string ShortName
    {
        get
        {
            var last = Name[(Name.LastIndexOf('/') + 1)..];
            var colon = last.LastIndexOf(':');
            return colon < 0 ? last : last[..colon];
        }
    }

    /// <summary>The shape as Keras prints it, <c>(128, 128)</c>.</summary>
    public string ShapeText => KerasShapes.Text(Shape);
}

/// <summary>Shapes as the import's messages print them.</summary>
internal static class KerasShapes
{
    public static string Text(long[] shape) => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    public static bool Same(long[] a, long[] b) => a.AsSpan().SequenceEqual(b);

    public static long Count(long[] shape) => shape.Aggregate(1L, (n, d) => n * d);
}
