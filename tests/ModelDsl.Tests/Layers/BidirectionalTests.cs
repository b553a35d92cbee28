using System;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

public sealed class BidirectionalTests
{
    private const int Batch = 4;
    private const int Steps = 5;
    private const int Features = 3;
    private const int Units = 2;

    // Full, padded at the start, holes, nothing real.
    private static readonly bool[][] MaskRows =
    {
        new[] { true, true, true, true, true },
        new[] { false, false, true, true, true },
        new[] { true, false, true, false, true },
        new[] { false, false, false, false, false },
    };

    [Fact]
    public void Directions_AreRegisteredUnderKerasNames()
    {
        using var bidirectional = new Bidirectional(new LSTM(Features, Units));

        var names = bidirectional.named_parameters().Select(p => p.name).ToArray();

        Assert.Contains("forward_layer.cell.weight_ih_l0", names);
        Assert.Contains("backward_layer.cell.weight_hh_l0", names);
        Assert.Equal(8, names.Length);
        Assert.False(bidirectional.ForwardLayer.Options.GoBackwards);
        Assert.True(bidirectional.BackwardLayer.Options.GoBackwards);
        Assert.IsType<LSTM>(bidirectional.BackwardLayer);
    }

    [Theory]
    [InlineData(BidirectionalMerge.Concat, false, false)]
    [InlineData(BidirectionalMerge.Concat, true, false)]
    [InlineData(BidirectionalMerge.Concat, false, true)]
    [InlineData(BidirectionalMerge.Concat, true, true)]
    [InlineData(BidirectionalMerge.Sum, false, true)]
    [InlineData(BidirectionalMerge.Sum, true, false)]
    [InlineData(BidirectionalMerge.Mul, false, false)]
    [InlineData(BidirectionalMerge.Mul, true, true)]
    [InlineData(BidirectionalMerge.Ave, false, true)]
    [InlineData(BidirectionalMerge.Ave, true, false)]
    public void Merged_EqualsTheTwoDirectionsRunSeparately(BidirectionalMerge merge, bool returnSequences, bool masked)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(400 + (int)merge);
        var bidirectional = new Bidirectional(new LSTM(Features, Units, new RecurrentOptions { ReturnSequences = returnSequences }), merge);
        var x = randn(Batch, Steps, Features);

        var y = masked ? bidirectional.forward(x, Mask()) : bidirectional.forward(x);

        var (forward, backward) = Expected(bidirectional, x, masked, returnSequences);
        var expected = merge switch
        {
            BidirectionalMerge.Concat => Concat(forward, backward),
            BidirectionalMerge.Sum => forward.Zip(backward, (f, b) => f + b).ToArray(),
            BidirectionalMerge.Mul => forward.Zip(backward, (f, b) => f * b).ToArray(),
            _ => forward.Zip(backward, (f, b) => (f + b) / 2).ToArray(),
        };
        Assert.Equal(returnSequences ? new long[] { Batch, Steps, merge == BidirectionalMerge.Concat ? 2 * Units : Units } : new long[] { Batch, merge == BidirectionalMerge.Concat ? 2 * Units : Units }, y.shape);
        TensorAssert.Close(expected, y, 1e-5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardBoth_ReturnsEachDirectionInForwardTimeOrder(bool masked)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(410);
        var bidirectional = new Bidirectional(new GRU(Features, Units, new RecurrentOptions { ReturnSequences = true }), BidirectionalMerge.None);
        var x = randn(Batch, Steps, Features);

        var (forward, backward) = bidirectional.ForwardBoth(x, masked ? Mask() : null);

        var expected = Expected(bidirectional, x, masked, returnSequences: true);
        TensorAssert.Close(expected.Forward, forward, 1e-5);
        TensorAssert.Close(expected.Backward, backward, 1e-5);
    }

    [Fact]
    public void LastStepBackwardHalf_IsTheStateAfterReadingStep0_NotTheLastAlignedOutput()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(420);
        var layer = new SimpleRNN(Features, Units);
        var bidirectional = new Bidirectional(layer);
        var sequences = new Bidirectional(new SimpleRNN(Features, Units, new RecurrentOptions { ReturnSequences = true }));
        sequences.load_state_dict(bidirectional.state_dict());
        var x = randn(Batch, Steps, Features);

        var last = bidirectional.forward(x);
        var all = sequences.forward(x);

        // In forward time order the backward direction's final state sits at step 0, the forward one's at step T-1.
        TensorAssert.Close(all.select(1, 0).narrow(1, Units, Units), last.narrow(1, Units, Units), 1e-6);
        TensorAssert.Close(all.select(1, Steps - 1).narrow(1, 0, Units), last.narrow(1, 0, Units), 1e-6);
        Assert.True(TensorAssert.MaxDifference(all.select(1, Steps - 1).narrow(1, Units, Units), last.narrow(1, Units, Units)) > 1e-4);
    }

    [Fact]
    public void MergeNone_Forward_SaysToUseForwardBoth()
    {
        using var scope = NewDisposeScope();
        var bidirectional = new Bidirectional(new LSTM(Features, 32), BidirectionalMerge.None);

        var error = Assert.Throws<InvalidOperationException>(() => bidirectional.forward(zeros(2, Steps, Features)));

        Assert.Contains("ForwardBoth", error.Message);
        Assert.Contains("LSTM(32)", error.Message);
    }

    private static Tensor Mask() => tensor(MaskRows.SelectMany(r => r).ToArray(), new long[] { Batch, Steps });

    // Each row's real steps through the float64 loops over each direction's weights: the forward one reading
    // first to last, the backward one last to first, both placed at the input step they read, zeros elsewhere.
    private static (double[] Forward, double[] Backward) Expected(Bidirectional bidirectional, Tensor x, bool masked, bool returnSequences)
    {
        var forwardLoop = Loop(bidirectional.ForwardLayer);
        var backwardLoop = Loop(bidirectional.BackwardLayer);
        var size = Batch * (returnSequences ? Steps : 1) * Units;
        var (forward, backward) = (new double[size], new double[size]);
        for (var b = 0; b < Batch; b++)
        {
            var real = Enumerable.Range(0, Steps).Where(t => !masked || MaskRows[b][t]).Select(t => (long)t).ToArray();
            if (real.Length == 0)
            {
                continue;
            }

            using var row = x.narrow(0, b, 1).index_select(1, tensor(real));
            var sequence = Numerics.Reference.Sequences(row);
            var f = forwardLoop.Run(sequence);
            var r = backwardLoop.Run(sequence, goBackwards: true);
            var n = real.Length;
            for (var u = 0; u < Units; u++)
            {
                if (!returnSequences)
                {
                    forward[(b * Units) + u] = f[0, n - 1, u];
                    backward[(b * Units) + u] = r[0, n - 1, u];
                    continue;
                }

                for (var i = 0; i < n; i++)
                {
                    var at = (((b * Steps) + (int)real[i]) * Units) + u;
                    forward[at] = f[0, i, u];
                    backward[at] = r[0, n - 1 - i, u];
                }
            }
        }

        return (forward, backward);
    }

    private static RecurrentReference Loop(RecurrentLayer layer) => layer switch
    {
        LSTM => new LstmReference(layer, "cell"),
        GRU => new GruReference(layer, "cell"),
        _ => new SimpleRnnReference(layer, "cell", Math.Tanh),
    };

    private static double[] Concat(double[] forward, double[] backward)
    {
        var rows = forward.Length / Units;
        var result = new double[forward.Length * 2];
        for (var i = 0; i < rows; i++)
        {
            Array.Copy(forward, i * Units, result, i * 2 * Units, Units);
            Array.Copy(backward, i * Units, result, (i * 2 * Units) + Units, Units);
        }

        return result;
    }
}
