using System;
using ModelDsl.Generators.Parsing;
using ModelDsl.Layers;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The generator checks a regularizer's text at compile time with its own copy of the grammar (it cannot reference the
/// runtime): it must accept exactly what the runtime's <see cref="Regularizer.Parse"/> accepts, with the same factors.
/// </summary>
public sealed class RegularizerTextTests
{
    [Theory]
    [InlineData("l2(1e-4)")]
    [InlineData("l1(0.5)")]
    [InlineData("l1_l2(l1=0.1, l2=0.2)")]
    [InlineData("l1_l2(0.3, 0.4)")]
    [InlineData("l1_l2(l2=0.2)")]
    [InlineData("l1_l2(l1=0.2)")]
    [InlineData("l1(0.1, 0.2)")]
    [InlineData("l2")]
    [InlineData("l1")]
    [InlineData("l1_l2")]
    [InlineData("l2()")]
    [InlineData(" l2( 0.001 ) ")]
    [InlineData("l2(0)")]
    [InlineData("l3(0.1)")]
    [InlineData("l2(-1)")]
    [InlineData("l2(abc)")]
    [InlineData("l2(l1=0.1)")]
    [InlineData("l1_l2(0.1, 0.2, 0.3)")]
    [InlineData("l1_l2(l3=0.1)")]
    [InlineData("L2(0.1)")]
    [InlineData("l2(Infinity)")]
    [InlineData("l2(NaN)")]
    [InlineData("l2(0.1")]
    [InlineData("l2(l2=0.1=0.2)")]
    [InlineData("l2(1e400)")]
    public void GeneratorAndRuntime_AgreeOnEveryText(string text)
    {
        Regularizer? runtime;
        try
        {
            runtime = Regularizer.Parse(text);
        }
        catch (FormatException)
        {
            runtime = null;
        }

        var generator = RegularizerText.Parse(text);

        Assert.Equal(runtime is null, generator is null);
        if (runtime is not null)
        {
            Assert.Equal((runtime.L1, runtime.L2), (generator!.L1, generator.L2));
            Assert.Equal(runtime.ToString(), generator.Keras);
        }
    }
}
