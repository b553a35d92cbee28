using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// The numerics tests LSTM and GRU share: generated layers against the cell written out in float64 over the module's
/// own weights. A subclass names its models, its layer, its gate count, its reference loop and its seeds; xunit runs
/// the facts declared here once for every subclass, under that subclass's name.
/// </summary>
/// <typeparam name="TAllSteps">One layer returning every step.</typeparam>
/// <typeparam name="TLastStep">One layer returning the last step.</typeparam>
/// <typeparam name="TNoBiasAllSteps">One layer without biases returning every step.</typeparam>
/// <typeparam name="TBackwardsAllSteps">One layer reading backwards, returning every step.</typeparam>
/// <typeparam name="TBackwardsLastStep">One layer reading backwards, returning the last step.</typeparam>
public abstract class GatedRecurrentNumericsTests<TAllSteps, TLastStep, TNoBiasAllSteps, TBackwardsAllSteps, TBackwardsLastStep>
    where TAllSteps : nn.Module<Tensor, Tensor>, new()
    where TLastStep : nn.Module<Tensor, Tensor>, new()
    where TNoBiasAllSteps : nn.Module<Tensor, Tensor>, new()
    where TBackwardsAllSteps : nn.Module<Tensor, Tensor>, new()
    where TBackwardsLastStep : nn.Module<Tensor, Tensor>, new()
{
    private const int Batch = 3;
    private const int Steps = 5;
    private const int Features = 4;
    private const int Units = 6;

    // The units of the second layer of the stacked models.
    private const int SecondLayerUnits = 3;

    private readonly string _layer;
    private readonly int _gates;
    private readonly int _seedBase;
    private readonly Func<nn.Module, string, RecurrentReference> _loop;

    /// <param name="layer">The first layer's field (<c>lstm</c>, <c>gru</c>); the second is <c>{layer}_1</c>, and each holds its fused kernel as <c>cell</c>.</param>
    /// <param name="gates">The gate blocks stacked in each weight and bias.</param>
    /// <param name="seedBase">Added to every seed, so that each layer kind gets inputs of its own.</param>
    /// <param name="loop">The reference loop over a module's parameters with a given prefix.</param>
    private protected GatedRecurrentNumericsTests(string layer, int gates, int seedBase, Func<nn.Module, string, RecurrentReference> loop)
    {
        _layer = layer;
        _gates = gates;
        _seedBase = seedBase;
        _loop = loop;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AllSteps_EqualTheCellLoopAtEveryStep(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(_seedBase + 11);
        using var model = new TAllSteps();
        using var x = Inputs(seed: _seedBase + 12);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Steps, Units }, y.shape);
        Reference.AssertClose(_loop(model, $"{_layer}.cell").Run(Reference.Sequences(x)), y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LastStep_EqualsTheFinalHiddenStateOfTheLoop(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(_seedBase + 21);
        using var model = new TLastStep();
        using var x = Inputs(seed: _seedBase + 22);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Units }, y.shape);
        var loop = _loop(model, $"{_layer}.cell").Run(Reference.Sequences(x));
        Reference.AssertClose(Reference.LastStep(loop), y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UseBiasFalse_HasNoBiasParameters_AndMatchesTheLoopWithoutBiases(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(_seedBase + 31);
        using var model = new TNoBiasAllSteps();
        using var x = Inputs(seed: _seedBase + 32);

        using var y = model.forward(x);

        Assert.Equal(
            new[] { $"{_layer}.cell.weight_hh_l0", $"{_layer}.cell.weight_ih_l0" },
            Reference.ParameterNames(model).OrderBy(n => n, StringComparer.Ordinal));
        Reference.AssertClose(_loop(model, $"{_layer}.cell").Run(Reference.Sequences(x)), y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GoBackwards_AllSteps_MatchTheLoopOverTheReversedSequence_InProcessingOrder(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(_seedBase + 41);
        using var model = new TBackwardsAllSteps();
        using var x = Inputs(seed: _seedBase + 42);

        using var y = model.forward(x);

        var reference = _loop(model, $"{_layer}.cell");
        var sequences = Reference.Sequences(x);
        var backwards = reference.Run(sequences, goBackwards: true);
        Reference.AssertClose(backwards, y);
        Assert.True(Reference.MaxDifference(backwards, reference.Run(sequences)) > 1e-3, "reading forwards gives other outputs");
        Assert.True(Reference.MaxDifference(backwards, Reference.FlipSteps(backwards)) > 1e-3, "outputs flipped back to input order differ");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GoBackwards_LastStep_IsTheStateAfterReadingStepZero(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(_seedBase + 51);
        using var model = new TBackwardsLastStep();
        using var x = Inputs(seed: _seedBase + 52);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Units }, y.shape);
        var reference = _loop(model, $"{_layer}.cell");
        var sequences = Reference.Sequences(x);
        var expected = Reference.LastStep(reference.Run(sequences, goBackwards: true));
        Reference.AssertClose(expected, y);
        Assert.True(Reference.MaxDifference(expected, Reference.LastStep(reference.Run(sequences))) > 1e-3, "reading forwards gives another final state");
    }

    /// <summary>The body of the subclass's <c>Weights_Have…GateLayout</c> fact: every weight and bias stacks one block per gate.</summary>
    protected void AssertTheGateLayout()
    {
        manual_seed(_seedBase + 13);
        using var model = new TAllSteps();

        Assert.Equal(new long[] { _gates * Units, Features }, Reference.Parameter(model, $"{_layer}.cell.weight_ih_l0").shape);
        Assert.Equal(new long[] { _gates * Units, Units }, Reference.Parameter(model, $"{_layer}.cell.weight_hh_l0").shape);
        Assert.Equal(new long[] { _gates * Units }, Reference.Parameter(model, $"{_layer}.cell.bias_ih_l0").shape);
        Assert.Equal(new long[] { _gates * Units }, Reference.Parameter(model, $"{_layer}.cell.bias_hh_l0").shape);
    }

    /// <summary>
    /// The body of the subclass's <c>Stacked_…</c> fact: a layer of <see cref="Units"/> returning every step under one of
    /// <see cref="SecondLayerUnits"/> returning the last equals running the loop twice, the first time backwards when
    /// <paramref name="firstGoesBackwards"/>. The first layer hands its steps up in the order it read them; the second
    /// reads what it is given forwards.
    /// </summary>
    protected void AssertStackedEqualsTheLoopTwice<TStacked>(bool firstGoesBackwards, bool gradients)
        where TStacked : nn.Module<Tensor, Tensor>, new()
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(_seedBase + 61);
        using var model = new TStacked();
        using var x = Inputs(seed: _seedBase + 62);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, SecondLayerUnits }, y.shape);
        Assert.Equal(new long[] { _gates * SecondLayerUnits, Units }, Reference.Parameter(model, $"{_layer}_1.cell.weight_ih_l0").shape);
        var first = _loop(model, $"{_layer}.cell").Run(Reference.Sequences(x), goBackwards: firstGoesBackwards);
        var second = _loop(model, $"{_layer}_1.cell").Run(first);
        Reference.AssertClose(Reference.LastStep(second), y);
    }

    private static Tensor Inputs(long seed)
    {
        manual_seed(seed);
        return randn(new long[] { Batch, Steps, Features });
    }
}
