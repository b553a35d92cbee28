using System;
using System.Linq;
using ModelDsl.Layers;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Convolution;

public sealed class PoolingTests
{
    // One sequence of 5 steps and 2 channels: channel 0 is 1..5, channel 1 is -1..-5.
    private static Tensor Steps() => tensor(new float[] { 1, -1, 2, -2, 3, -3, 4, -4, 5, -5 }).reshape(1, 5, 2);

    [Fact]
    public void MaxPooling_Valid_DropsTheIncompleteLastWindow()
    {
        using var scope = NewDisposeScope();
        var y = new MaxPooling1D(2).forward(Steps());

        TensorAssert.Close(new double[] { 2, -1, 4, -3 }, y, 0);
        Assert.Equal(new long[] { 1, 2, 2 }, y.shape);
    }

    [Fact]
    public void MaxPooling_Same_PadsAfter_AndPaddingNeverWins()
    {
        using var scope = NewDisposeScope();
        var y = new MaxPooling1D(2, padding: "same").forward(Steps());

        // ⌈5 / 2⌉ = 3 windows: [1, 2], [3, 4], [5, pad]; channel 1's last window is -5, not the padding.
        TensorAssert.Close(new double[] { 2, -1, 4, -3, 5, -5 }, y, 0);
    }

    [Fact]
    public void AveragePooling_Same_AveragesOnlyTheRealSteps_AsTensorFlowDoes()
    {
        using var scope = NewDisposeScope();
        var y = new AveragePooling1D(2, padding: "same").forward(Steps());

        TensorAssert.Close(new double[] { 1.5, -1.5, 3.5, -3.5, 5, -5 }, y, 1e-6);
    }

    [Fact]
    public void AveragePooling_WithStrides_OverlapsWindows()
    {
        using var scope = NewDisposeScope();
        var y = new AveragePooling1D(3, strides: 1).forward(Steps());

        TensorAssert.Close(new double[] { 2, -2, 3, -3, 4, -4 }, y, 1e-6);
    }

    [Theory]
    [InlineData(494, 5, null, "valid", 98)]
    [InlineData(10, 3, 2L, "valid", 4)]
    [InlineData(10, 3, 2L, "same", 5)]
    [InlineData(4, 5, null, "valid", 0)]
    public void OutputLength_IsKeras(long length, long pool, long? strides, string padding, long expected)
    {
        using var layer = new MaxPooling1D(pool, strides, padding);
        Assert.Equal(expected, layer.OutputLength(length));
    }

    [Fact]
    public void PoolLargerThanTheSequence_IsAnErrorNamingBoth()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new MaxPooling1D(6).forward(Steps()));
        Assert.Equal("MaxPooling1D(6): a sequence of 5 steps is shorter than the pool with padding 'valid'", error.Message);
    }

    [Fact]
    public void CausalPadding_IsForConvolutionsOnly()
    {
        var error = Assert.Throws<ArgumentException>(() => new AveragePooling1D(2, padding: "causal"));
        Assert.Contains("expected 'valid' or 'same'", error.Message);
    }

    [Fact]
    public void GlobalPools_ReduceTheTimeAxis()
    {
        using var scope = NewDisposeScope();

        TensorAssert.Close(new double[] { 5, -1 }, new GlobalMaxPooling1D().forward(Steps()), 0);
        TensorAssert.Close(new double[] { 3, -3 }, new GlobalAveragePooling1D().forward(Steps()), 1e-6);
    }

    [Fact]
    public void GlobalAveragePooling_WithAMask_AveragesTheUnmaskedSteps()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new[] { true, true, false, false, false }).reshape(1, 5);

        var y = new GlobalAveragePooling1D().forward(Steps(), mask);

        TensorAssert.Close(new double[] { 1.5, -1.5 }, y, 1e-6);
    }

    [Fact]
    public void GlobalPools_HaveNoParameters_AndRefuseRank2()
    {
        using var scope = NewDisposeScope();
        var pool = new GlobalMaxPooling1D();

        Assert.Empty(pool.parameters());
        var error = Assert.Throws<ArgumentException>(() => pool.forward(zeros(2, 3)));
        Assert.Equal("GlobalMaxPooling1D: expects [batch, steps, channels] floating point with at least one step, got [2, 3] float32", error.Message);
    }
}
