using ModelDsl.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Options;

[Model(Loss = "mse")]
[Input(Dimension.Unknown, 3, DType = "float32", BatchSize = 2)]
[LSTM(5, Stateful = true, ReturnSequences = true)]
[GRU(4, Stateful = true, ReturnSequences = true)]
public partial class StatefulStack;

[Model]
[Input(4, 3, DType = "float32", BatchSize = 2)]
[Bidirectional]
[LSTM(3, Stateful = true)]
public partial class StatefulBidirectional;

/// <summary>Keras's <c>stateful=True</c> through the generated model: batches continue each other until <c>ResetStates()</c>.</summary>
public sealed class StatefulModelTests
{
    [Fact]
    public void TwoCallsOnTheHalves_EqualOneCallOnTheWholeSequence()
    {
        manual_seed(1351);
        using var model = new StatefulStack();
        using var x = randn(2, 8, 3);

        using var whole = model.call(x);
        model.ResetStates();
        using var first = model.call(x.narrow(1, 0, 4));
        using var second = model.call(x.narrow(1, 4, 4));

        using var halves = cat(new[] { first, second }, 1);
        Assert.True(halves.allclose(whole, rtol: 1e-5, atol: 1e-6), "the second half continued the first half's state");
    }

    [Fact]
    public void ResetStates_StartsTheNextCallFromZerosAgain()
    {
        manual_seed(1352);
        using var model = new StatefulStack();
        using var x = randn(2, 4, 3);

        using var fresh = model.call(x);
        using var continued = model.call(x);
        model.ResetStates();
        using var restarted = model.call(x);

        Assert.False(continued.allclose(fresh, rtol: 1e-4, atol: 1e-4), "without a reset the second call starts from the carried state");
        Assert.True(restarted.allclose(fresh, rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void ResetStates_AlsoRestartsAStatefulBidirectional()
    {
        manual_seed(1353);
        using var model = new StatefulBidirectional();
        using var x = randn(2, 4, 3);

        using var fresh = model.call(x);
        using var continued = model.call(x);
        model.ResetStates();
        using var restarted = model.call(x);

        Assert.False(continued.allclose(fresh, rtol: 1e-4, atol: 1e-4), "both directions carried their state into the second call");
        Assert.True(restarted.allclose(fresh, rtol: 1e-6, atol: 1e-7));
    }

    [Fact]
    public void ABatchOfAnotherSize_IsRejected_NamingTheFixedBatchSize()
    {
        using var model = new StatefulStack();
        using var x = randn(3, 4, 3);

        var error = Assert.Throws<ModelInputException>(() => model.call(x));

        Assert.Contains("StatefulStack: input 'input' expects [2, any, 3] float32, got [3, 4, 3] float32", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TakesADatasetOfWholeBatches_InOrder_AndRefusesARemainder()
    {
        manual_seed(1352);
        using var model = new StatefulStack();
        using var x = randn(6, 4, 3);
        using var y = randn(6, 4, 4);

        var history = model.Fit(x, y, epochs: 1, batchSize: 2, shuffle: false, verbose: 0);
        using var five = randn(5, 4, 3);
        var error = Assert.Throws<ModelInputException>(() => model.Predict(five, batchSize: 2));

        Assert.True(double.IsFinite(history["loss"][0]));
        Assert.Equal(
            "StatefulStack: input 'input' expects a number of examples that is a multiple of the batch size 2 (a stateful model keeps one state per batch row), got [5, 4, 3] float32",
            error.Message);
    }
}
