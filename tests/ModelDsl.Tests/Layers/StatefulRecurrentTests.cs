using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using ModelDsl.Tests.Layers.Kernels;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

/// <summary>
/// Keras's <c>stateful=True</c>: a call starts where the previous one ended, so a long sequence cut into consecutive
/// pieces gives the same outputs as read in one go, until <c>ResetStates()</c>.
/// </summary>
[Collection(ModelDsl.Tests.Training.TrainingCollection.Name)]
public sealed class StatefulRecurrentTests
{
    public static IEnumerable<object[]> Kinds() => new[]
    {
        new object[] { "SimpleRNN" }, new object[] { "GRU" }, new object[] { "LSTM" }, new object[] { "GRU reset_after=false" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TwoHalves_GiveTheWholeSequence_OnEveryRoute(string kind)
    {
        foreach (var route in new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.CellLoop })
        {
            using var guard = RecurrentKernelGuard.Use(RecurrentKernelGuard.Fixed(route));
            using var scope = NewDisposeScope();
            manual_seed(51);
            var whole = Create(kind, stateful: false);
            var pieces = Create(kind, stateful: true);
            pieces.load_state_dict(whole.state_dict());
            var x = randn(3, 8, 5);

            var expected = whole.forward(x);
            var first = pieces.forward(x.narrow(1, 0, 5));
            var second = pieces.forward(x.narrow(1, 5, 3));

            TensorAssert.Close(expected, cat(new[] { first, second }, 1), 1e-5);
        }
    }

    [Fact]
    public void ResetStates_StartsFromZerosAgain()
    {
        using var scope = NewDisposeScope();
        manual_seed(52);
        var lstm = Create("LSTM", stateful: true);
        var x = randn(2, 4, 5);

        var first = lstm.forward(x);
        var continued = lstm.forward(x);
        lstm.ResetStates();
        var again = lstm.forward(x);

        TensorAssert.Close(first, again, 0);
        Assert.True(first.sub(continued).abs().max().item<float>() > 1e-3, "the second call continued from the first's state");
    }

    [Fact]
    public void MaskedSteps_KeepTheCarriedState()
    {
        using var scope = NewDisposeScope();
        manual_seed(53);
        var gru = (GRU)Create("GRU", stateful: true, returnSequences: false);
        var x = randn(2, 3, 5);
        var after = gru.forward(x);
        var nothingReal = zeros(2, 3, dtype: ScalarType.Bool);

        var unchanged = gru.forward(randn(2, 3, 5), nothingReal);

        TensorAssert.Close(after, unchanged, 1e-6);
    }

    [Fact]
    public void ADifferentBatchSize_IsAnErrorNamingBoth_UntilReset()
    {
        using var scope = NewDisposeScope();
        var rnn = Create("SimpleRNN", stateful: true);
        rnn.forward(randn(4, 3, 5));

        var error = Assert.Throws<ArgumentException>(() => rnn.forward(randn(3, 3, 5)));
        Assert.Contains("stateful, its state is for batches of 4, got a batch of 3", error.Message);

        rnn.ResetStates();
        Assert.Equal(new long[] { 3, 3, 2 }, rnn.forward(randn(3, 3, 5)).shape);
    }

    [Fact]
    public void CarriedState_IsDetached_GradientsStopAtTheBatchBoundary()
    {
        using var scope = NewDisposeScope();
        var lstm = Create("LSTM", stateful: true);
        lstm.train();
        lstm.forward(randn(2, 3, 5)).sum().backward();

        Assert.All(((RecurrentLayer)lstm).CarriedStates!, state => Assert.False(state.requires_grad));
        lstm.zero_grad();
        lstm.forward(randn(2, 3, 5)).sum().backward(); // would throw if the first graph were still attached
    }

    [Fact]
    public void KernelCheck_CoversCallsFromACarriedState()
    {
        using var scope = NewDisposeScope();
        var reports = new List<string>();
        var guard = FaultyKernels.Guard(null, reports);
        using var use = RecurrentKernelGuard.Use(guard);
        var lstm = Create("LSTM", stateful: true);

        lstm.forward(randn(2, 3, 5));
        lstm.forward(randn(2, 3, 5));

        // One check for the first call (from zeros), one for the next (from the carried state).
        Assert.Equal(2, guard.ChecksRun);
        Assert.Equal(RecurrentKernelRoute.Fused, guard.VerdictFor((RecurrentLayer)lstm, ScalarType.Float32, new RecurrentKernelVariant(true, true, false, InitialState: true)).Route);
    }

    private static RecurrentLayer Create(string kind, bool stateful, bool returnSequences = true)
    {
        var options = new RecurrentOptions { Stateful = stateful, ReturnSequences = returnSequences };
        return kind switch
        {
            "SimpleRNN" => new SimpleRNN(5, 2, options),
            "GRU" => new GRU(5, 2, options),
            "GRU reset_after=false" => new GRU(5, 2, options with { ResetAfter = false }),
            _ => new LSTM(5, 2, options),
        };
    }
}
