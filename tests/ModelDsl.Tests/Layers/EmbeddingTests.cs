using System;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

public sealed class EmbeddingTests
{
    [Fact]
    public void Table_IsOneParameterNamedWeight_FromAStandardNormal()
    {
        manual_seed(10);
        using var embedding = new Embedding(1000, 50);

        Assert.Equal(new[] { "weight" }, embedding.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal(new long[] { 1000, 50 }, embedding.weight.shape);
        var values = TensorAssert.Values(embedding.weight);
        var mean = values.Average();
        var std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(std, 0.97, 1.03);
    }

    [Fact]
    public void Forward_LooksUpTheRowOfEachId()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var embedding = new Embedding(10, 3);
        var ids = tensor(new long[] { 0, 7, 7, 9, 2, 1 }, new long[] { 2, 3 });

        var y = embedding.forward(ids);

        Assert.Equal(new long[] { 2, 3, 3 }, y.shape);
        var table = TensorAssert.Values(embedding.weight);
        var expected = new long[] { 0, 7, 7, 9, 2, 1 }.SelectMany(id => table.Skip((int)id * 3).Take(3)).ToArray();
        TensorAssert.Close(expected, y, 0);
    }

    [Fact]
    public void Gradients_ReachTheRowsThatWereUsed()
    {
        using var scope = NewDisposeScope();
        var embedding = new Embedding(5, 2);

        embedding.forward(tensor(new long[] { 1, 1, 3 }, new long[] { 1, 3 })).sum().backward();

        TensorAssert.Close(new double[] { 0, 0, 2, 2, 0, 0, 1, 1, 0, 0 }, embedding.weight.grad!, 0);
    }

    [Fact]
    public void NonIntegerIds_AreRejectedWithTheirShapeAndType()
    {
        using var scope = NewDisposeScope();
        var embedding = new Embedding(10000, 100);

        var error = Assert.Throws<ArgumentException>(() => embedding.forward(zeros(32, 40, dtype: ScalarType.Int16)));

        Assert.Contains("Embedding(10000, 100)", error.Message);
        Assert.Contains("[32, 40] int16", error.Message);
    }

    [Fact]
    public void IdsOutsideTheTable_NameTheLargestIdAndInputDim()
    {
        using var scope = NewDisposeScope();
        var embedding = new Embedding(10000, 100);
        var ids = tensor(new long[] { 5, 12345, 10000, 3 }, new long[] { 2, 2 });

        var error = Assert.Throws<ArgumentException>(() => embedding.forward(ids));

        Assert.Contains("12345", error.Message);
        Assert.Contains("InputDim = 10000", error.Message);
        Assert.Throws<ArgumentException>(() => embedding.forward(tensor(new long[] { -1 }, new long[] { 1, 1 })));
    }

    [Fact]
    public void Trainable_ControlsRequiresGrad()
    {
        using var frozen = new Embedding(10, 3, trainable: false);
        Assert.False(frozen.Trainable);
        Assert.False(frozen.weight.requires_grad);

        frozen.Trainable = true;
        Assert.True(frozen.weight.requires_grad);
        frozen.Trainable = false;
        Assert.False(frozen.weight.requires_grad);
    }

    [Fact]
    public void ComputeMask_IsTrueWhereTheIdIsNotZero_OnlyWithMaskZero()
    {
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 0, 0, 4, 5, 0, 6 }, new long[] { 2, 3 });

        var mask = new Embedding(10, 3, maskZero: true).ComputeMask(ids);

        Assert.NotNull(mask);
        Assert.Equal(ScalarType.Bool, mask!.dtype);
        Assert.Equal(new[] { false, false, true, true, false, true }, mask.data<bool>().ToArray());
        Assert.Null(new Embedding(10, 3).ComputeMask(ids));
    }

    [Fact]
    public void LoadWeights_CopiesTheMatrix_AndNamesBothShapesWhenItDoesNotFit()
    {
        using var scope = NewDisposeScope();
        var embedding = new Embedding(3, 2);
        embedding.LoadWeights(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 3, 2 }));
        TensorAssert.Close(new double[] { 1, 2, 3, 4, 5, 6 }, embedding.weight, 0);
        Assert.Equal(ScalarType.Float32, embedding.weight.dtype);

        var big = new Embedding(10000, 100);
        var error = Assert.Throws<ArgumentException>(() => big.LoadWeights(zeros(10000, 50)));
        Assert.Contains("Embedding(10000, 100)", error.Message);
        Assert.Contains("[10000, 100]", error.Message);
        Assert.Contains("[10000, 50]", error.Message);
    }

    [Fact]
    public void Int32Ids_LookUpTheSameVectorsAsInt64_AndOutOfRangeIsNamed()
    {
        using var scope = NewDisposeScope();
        manual_seed(61);
        var embedding = new Embedding(10, 3, maskZero: true);
        var ids = tensor(new long[] { 0, 4, 9, 2 }).reshape(2, 2);

        TensorAssert.Close(embedding.forward(ids), embedding.forward(ids.to(ScalarType.Int32)), 0);
        Assert.Equal(TensorAssert.Values(embedding.ComputeMask(ids)!), TensorAssert.Values(embedding.ComputeMask(ids.to(ScalarType.Int32))!));
        var error = Assert.Throws<ArgumentException>(() => embedding.forward(tensor(new[] { 3, 12 }, dtype: ScalarType.Int32)));
        Assert.Contains("token id 12 is outside the table (InputDim = 10", error.Message);
        Assert.Contains("expects int64 or int32 token ids, got [2] float32", Assert.Throws<ArgumentException>(() => embedding.forward(zeros(2))).Message);
    }
}
