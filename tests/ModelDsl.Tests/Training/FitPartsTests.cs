using System.Linq;
using ModelDsl.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>The pieces <see cref="TrainingSession.Fit(Tensor, Tensor, FitOptions?)"/> is built from: batching, seed streams, running means.</summary>
[Collection(TrainingCollection.Name)]
public sealed class FitPartsTests
{
    [Fact]
    public void BatchPlan_CutsFullBatchesAndARemainder()
    {
        var plan = new BatchPlan(Samples: 10, BatchSize: 4);

        Assert.Equal(3, plan.Steps);
        Assert.Equal((0L, 4L), plan[0]);
        Assert.Equal((4L, 4L), plan[1]);
        Assert.Equal((8L, 2L), plan[2]);
    }

    [Fact]
    public void BatchPlan_ExactMultiple_HasNoEmptyLastBatch()
    {
        var plan = new BatchPlan(Samples: 8, BatchSize: 4);

        Assert.Equal(2, plan.Steps);
        Assert.Equal((4L, 4L), plan[1]);
    }

    [Fact]
    public void SeedStreams_SameSeed_SameShuffleOrderPerEpoch_DifferentAcrossEpochs()
    {
        using var first = SeedStreams.ForFit(42);
        using var second = SeedStreams.ForFit(42);
        using var epoch3 = first.ShuffleOrder(3, 50);
        using var epoch3Again = second.ShuffleOrder(3, 50);
        using var epoch4 = second.ShuffleOrder(4, 50);

        Assert.Equal(epoch3.data<long>().ToArray(), epoch3Again.data<long>().ToArray());
        Assert.NotEqual(epoch3.data<long>().ToArray(), epoch4.data<long>().ToArray());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), epoch3.data<long>().ToArray().Order());
    }

    [Fact]
    public void SeedStreams_FixedSeed_SeedsDropoutPerEpoch()
    {
        using var streams = SeedStreams.ForFit(7);
        streams.SeedDropout(2);
        var draw = rand(5).data<float>().ToArray();
        manual_seed(12345);
        streams.SeedDropout(2);

        Assert.Equal(draw, rand(5).data<float>().ToArray());
    }

    [Fact]
    public void RunningMeans_WeighTheLossByBatchSize()
    {
        var metric = AccuracyMetric.ForLoss(LossFunction.Create("binary_crossentropy"));
        using var means = new RunningMeans(new[] { metric });
        means.Add(tensor(1.0f), tensor(new[] { 0.9f, 0.1f }), tensor(new[] { 1f, 1f }), batchSize: 2);
        means.Add(tensor(4.0f), tensor(new[] { 0.8f }), tensor(new[] { 1f }), batchSize: 1);

        var logs = means.Read();
        Assert.Equal(2.0, logs["loss"], 6);
        Assert.Equal(2.0 / 3.0, logs[metric.Name], 6);

        means.Clear();
        Assert.True(double.IsNaN(means.Read()["loss"]));
    }
}
