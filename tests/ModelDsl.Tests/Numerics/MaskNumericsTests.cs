using System.Collections.Generic;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// <c>[Embedding(MaskZero = true)]</c> in generated models: the mask made from the ids reaches the recurrent layers
/// below (through Dropout and a recurrent layer returning sequences), and each of them skips the padded steps, so
/// the result equals the float64 loops run over the real tokens only, wherever the padding is.
/// </summary>
public sealed class MaskNumericsTests
{
    // Padding after, before, between, and none.
    private static readonly long[][] Ids =
    {
        new long[] { 5, 3, 9, 0, 0, 0, 0 },
        new long[] { 0, 0, 0, 7, 1, 4, 2 },
        new long[] { 8, 0, 6, 0, 11, 0, 12 },
        new long[] { 13, 14, 15, 16, 17, 18, 19 },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StackedLstm_UnderDropout_SkipsThePaddingInBothLayers(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(601);
        using var model = new MaskedStackedLstm();
        model.eval();
        using var ids = IdTensor();

        using var y = model.forward(ids);

        Assert.Equal(new long[] { Ids.Length, 3 }, y.shape);
        var first = new LstmReference(model, "lstm.cell");
        var second = new LstmReference(model, "lstm_1.cell");
        var expected = PerExample(model, (tokens, _) => Reference.LastStep(second.Run(first.Run(tokens))));
        Reference.AssertClose(expected, y);

        // Reading the padding as id 0's vector gives other results for every padded example.
        var unmasked = Reference.LastStep(second.Run(first.Run(Embedded(model, Ids))));
        for (var b = 0; b < 3; b++)
        {
            Assert.True(Enumerable.Range(0, 3).Max(u => System.Math.Abs(unmasked[b, u] - expected[b, u])) > 1e-4, $"example {b} has padding, so the mask matters");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BidirectionalGru_SkipsThePaddingInBothDirections(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(611);
        using var model = new MaskedBiGru();
        using var ids = IdTensor();

        using var y = model.forward(ids);

        Assert.Equal(new long[] { Ids.Length, 10 }, y.shape);
        var forward = new GruReference(model, "bidirectional.forward_layer.cell");
        var backward = new GruReference(model, "bidirectional.backward_layer.cell");
        var expected = PerExample(model, (tokens, _) =>
        {
            var f = Reference.LastStep(forward.Run(tokens));
            var b = Reference.LastStep(backward.Run(tokens, goBackwards: true));
            var both = new double[1, 10];
            for (var u = 0; u < 5; u++)
            {
                both[0, u] = f[0, u];
                both[0, 5 + u] = b[0, u];
            }

            return both;
        });
        Reference.AssertClose(expected, y);
    }

    private static Tensor IdTensor() => tensor(Ids.SelectMany(row => row).ToArray(), new long[] { Ids.Length, Ids[0].Length });

    /// <summary>Runs <paramref name="run"/> on each example's real tokens alone (<c>[1, n, F]</c>, embedded) and stacks the <c>[1, H]</c> results.</summary>
    private static double[,] PerExample(nn.Module model, System.Func<double[,,], int, double[,]> run)
    {
        var rows = new List<double[,]>();
        for (var b = 0; b < Ids.Length; b++)
        {
            rows.Add(run(Embedded(model, new[] { Ids[b].Where(id => id != 0).ToArray() }), b));
        }

        var result = new double[rows.Count, rows[0].GetLength(1)];
        for (var b = 0; b < rows.Count; b++)
        {
            for (var u = 0; u < result.GetLength(1); u++)
            {
                result[b, u] = rows[b][0, u];
            }
        }

        return result;
    }

    /// <summary>The embedding table's rows for <paramref name="ids"/> (all of one length): <c>[B, T, F]</c>.</summary>
    private static double[,,] Embedded(nn.Module model, long[][] ids)
    {
        var table = Reference.Matrix(Reference.Parameter(model, "embedding.weight"));
        var features = table.GetLength(1);
        var result = new double[ids.Length, ids[0].Length, features];
        for (var b = 0; b < ids.Length; b++)
        {
            for (var t = 0; t < ids[b].Length; t++)
            {
                for (var f = 0; f < features; f++)
                {
                    result[b, t, f] = table[ids[b][t], f];
                }
            }
        }

        return result;
    }
}
