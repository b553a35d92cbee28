using System;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Graph;
using ModelDsl.Tests.Runtime;
using ModelDsl.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>
/// <see cref="RandomSeed.Set"/>, Keras's <c>set_random_seed</c>: the same seed builds the same initial weights, and a
/// <c>Fit</c> without a seed of its own then trains to the same history, so two identical programs give identical runs.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class RandomSeedTests : IDisposable
{
    public static TheoryData<string> Models() => new(Builders.Keys);

    private static readonly System.Collections.Generic.Dictionary<string, Func<nn.Module>> Builders = new()
    {
        ["ImdbLstm (Keras initializers)"] = () => new ImdbLstm(),
        ["TorchInitializedLstm (TorchSharp's initialization)"] = () => new TorchInitializedLstm(),
        ["AttentiveTagger (graph model)"] = () => new AttentiveTagger(),
        ["TinyBinaryWithDropout"] = () => new TinyBinaryWithDropout(),
        ["Bidirectional(GRU) layer"] = () => new Bidirectional(new GRU(5, 7)),
        ["Embedding layer"] = () => new Embedding(50, 6),
    };

    public void Dispose() => RandomSeed.Clear();

    [Theory]
    [MemberData(nameof(Models))]
    public void TheSameSeed_BuildsIdenticalWeights_InEveryParameter(string model)
    {
        RandomSeed.Set(42);
        using var first = Builders[model]();
        RandomSeed.Set(42);
        using var second = Builders[model]();

        Assert.NotEmpty(first.parameters());
        TrainingTestSupport.AssertSameWeights(first, second);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void AnotherSeed_BuildsOtherWeights_InEveryWeightMatrix(string model)
    {
        RandomSeed.Set(42);
        using var first = Builders[model]();
        RandomSeed.Set(43);
        using var second = Builders[model]();

        // Biases may start from constants (Keras: 0, and 1 for an LSTM's forget gate), so only the weights must differ.
        var other = second.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var weights = first.named_parameters().Where(p => !p.name.Contains("bias", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(weights);
        foreach (var (name, parameter) in weights)
        {
            Assert.False(TrainingTestSupport.Identical(parameter, other[name]), $"'{name}' is the same under seeds 42 and 43");
        }
    }

    [Fact]
    public void TheSameSeed_ThenFitWithoutASeed_GivesTheSameHistoryAndWeights()
    {
        var (x, y) = TrainingTestSupport.Separable(100);
        using var _x = x;
        using var _y = y;

        (History History, CompiledBinaryWithDropout Model) Run(long seed)
        {
            RandomSeed.Set(seed);
            var model = new CompiledBinaryWithDropout();
            var history = model.Fit(x, y, epochs: 3, batchSize: 16, validationSplit: 0.2, verbose: 0);
            return (history, model);
        }

        var (firstHistory, first) = Run(42);
        var (secondHistory, second) = Run(42);
        var (otherHistory, other) = Run(7);
        using var _1 = first;
        using var _2 = second;
        using var _3 = other;

        Assert.Equal(firstHistory["loss"], secondHistory["loss"]);
        Assert.Equal(firstHistory["val_loss"], secondHistory["val_loss"]);
        Assert.Equal(firstHistory["accuracy"], secondHistory["accuracy"]);
        TrainingTestSupport.AssertSameWeights(first, second);
        Assert.NotEqual(firstHistory["loss"], otherHistory["loss"]);
    }

    [Fact]
    public void FitsWithoutASeed_TakeSuccessiveSeeds_WhichSetStartsAgain()
    {
        RandomSeed.Set(42);
        Assert.Equal(42, RandomSeed.Current);
        var firstOrder = ShuffleOrder(seed: null);
        var secondOrder = ShuffleOrder(seed: null);

        RandomSeed.Set(42);
        var again = ShuffleOrder(seed: null);

        Assert.NotEqual(firstOrder, secondOrder);
        Assert.Equal(firstOrder, again);
    }

    [Fact]
    public void AFitWithItsOwnSeed_UsesIt_AndLeavesTheSequenceAlone()
    {
        RandomSeed.Set(42);
        var seeded = ShuffleOrder(seed: 5);
        var afterSeeded = ShuffleOrder(seed: null);

        RandomSeed.Set(1234);
        var seededUnderAnotherGlobalSeed = ShuffleOrder(seed: 5);
        RandomSeed.Set(42);
        var first = ShuffleOrder(seed: null);

        Assert.Equal(seeded, seededUnderAnotherGlobalSeed);
        Assert.Equal(first, afterSeeded);
    }

    /// <summary>The order of the rows in one epoch of one batch, as a fresh <see cref="RecordingModel"/> sees them.</summary>
    private static long[] ShuffleOrder(long? seed)
    {
        var (x, y) = TrainingTestSupport.NumberedRows(32);
        using var _x = x;
        using var _y = y;
        using var model = new RecordingModel();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        session.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 32, Seed = seed, Verbose = 0 });
        return model.TrainingCalls.Single();
    }
}
