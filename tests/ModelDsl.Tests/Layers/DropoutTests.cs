using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;
using Dropout = ModelDsl.Layers.Dropout;

namespace ModelDsl.Tests.Layers;

public sealed class DropoutTests
{
    [Fact]
    public void Training_DropsAboutTheRate_AndScalesTheRestUp()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var dropout = new Dropout(0.25);
        dropout.train();

        var values = TensorAssert.Values(dropout.forward(ones(100, 100)));

        var dropped = values.Count(v => v == 0) / (double)values.Length;
        Assert.InRange(dropped, 0.22, 0.28);
        Assert.All(values.Where(v => v != 0), v => Assert.Equal(1 / 0.75, v, 6));
    }

    [Fact]
    public void Evaluation_PassesTheInputThrough()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var dropout = new Dropout(0.5);
        dropout.eval();
        var x = randn(4, 5);

        TensorAssert.Close(x, dropout.forward(x), 0);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void RateOutsideZeroToOne_Throws(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(rate));
}
