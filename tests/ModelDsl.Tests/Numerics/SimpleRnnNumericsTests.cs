using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// Generated SimpleRNN layers against the loop <c>h_t = act(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh)</c>,
/// <c>h_{-1} = 0</c>, written out in float64 over the module's own weights.
/// </summary>
public sealed class SimpleRnnNumericsTests
{
    private const int Batch = 3;
    private const int Steps = 5;
    private const int Features = 4;
    private const int Units = 6;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AllSteps_EqualTheTanhLoopAtEveryStep(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(11);
        using var model = new RnnAllSteps();
        using var x = Inputs(seed: 12);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Steps, Units }, y.shape);
        var expected = new SimpleRnnReference(model, "simple_rnn.cell", Math.Tanh).Run(Reference.Sequences(x));
        Reference.AssertClose(expected, y);
    }

    [Fact]
    public void Default_HasTorchsTwoBiasVectors()
    {
        manual_seed(13);
        using var model = new RnnAllSteps();

        Assert.Equal(
            new[] { "simple_rnn.cell.weight_ih_l0", "simple_rnn.cell.weight_hh_l0", "simple_rnn.cell.bias_ih_l0", "simple_rnn.cell.bias_hh_l0" }.OrderBy(n => n, StringComparer.Ordinal),
            Reference.ParameterNames(model).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new long[] { Units, Features }, Reference.Parameter(model, "simple_rnn.cell.weight_ih_l0").shape);
        Assert.Equal(new long[] { Units, Units }, Reference.Parameter(model, "simple_rnn.cell.weight_hh_l0").shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LastStep_EqualsTheFinalHiddenStateOfTheLoop(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(21);
        using var model = new RnnLastStep();
        using var x = Inputs(seed: 22);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Units }, y.shape);
        var loop = new SimpleRnnReference(model, "simple_rnn.cell", Math.Tanh).Run(Reference.Sequences(x));
        Reference.AssertClose(Reference.LastStep(loop), y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReluActivation_MatchesTheReluLoop_NotTheTanhOne(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(31);
        using var model = new RnnReluAllSteps();
        using var x = Inputs(seed: 32);

        using var y = model.forward(x);

        var sequences = Reference.Sequences(x);
        var relu = new SimpleRnnReference(model, "simple_rnn.cell", Reference.Relu).Run(sequences);
        var tanh = new SimpleRnnReference(model, "simple_rnn.cell", Math.Tanh).Run(sequences);
        Reference.AssertClose(relu, y);
        Assert.True(Reference.MaxDifference(relu, tanh) > 1e-3, "the inputs should tell relu from tanh");
        Assert.True(Reference.Values(y).All(v => v >= 0), "relu outputs are never negative");
        Assert.Contains(0.0, Reference.Values(y));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UseBiasFalse_HasNoBiasParameters_AndMatchesTheLoopWithoutBiases(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(41);
        using var model = new RnnNoBiasAllSteps();
        using var x = Inputs(seed: 42);

        using var y = model.forward(x);

        Assert.Equal(
            new[] { "simple_rnn.cell.weight_hh_l0", "simple_rnn.cell.weight_ih_l0" },
            Reference.ParameterNames(model).OrderBy(n => n, StringComparer.Ordinal));
        var expected = new SimpleRnnReference(model, "simple_rnn.cell", Math.Tanh).Run(Reference.Sequences(x));
        Reference.AssertClose(expected, y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GoBackwards_AllSteps_MatchTheLoopOverTheReversedSequence_InProcessingOrder(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(51);
        using var model = new RnnBackwardsAllSteps();
        using var x = Inputs(seed: 52);

        using var y = model.forward(x);

        var reference = new SimpleRnnReference(model, "simple_rnn.cell", Math.Tanh);
        var sequences = Reference.Sequences(x);
        var backwards = reference.Run(sequences, goBackwards: true);
        Reference.AssertClose(backwards, y);

        // The test tells the Keras order from the two plausible mistakes.
        Assert.True(Reference.MaxDifference(backwards, reference.Run(sequences)) > 1e-3, "reading forwards gives other outputs");
        Assert.True(Reference.MaxDifference(backwards, Reference.FlipSteps(backwards)) > 1e-3, "outputs flipped back to input order differ");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GoBackwards_LastStep_IsTheStateAfterReadingStepZero(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(61);
        using var model = new RnnBackwardsLastStep();
        using var x = Inputs(seed: 62);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Units }, y.shape);
        var reference = new SimpleRnnReference(model, "simple_rnn.cell", Math.Tanh);
        var sequences = Reference.Sequences(x);
        var expected = Reference.LastStep(reference.Run(sequences, goBackwards: true));
        Reference.AssertClose(expected, y);
        Assert.True(Reference.MaxDifference(expected, Reference.LastStep(reference.Run(sequences))) > 1e-3, "reading forwards gives another final state");
    }

    private static Tensor Inputs(long seed)
    {
        manual_seed(seed);
        return randn(new long[] { Batch, Steps, Features });
    }
}
