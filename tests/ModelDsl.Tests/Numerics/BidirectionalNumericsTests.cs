using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// Generated <c>[Bidirectional]</c> layers against two hand-written loops over the layer's own weights: the forward
/// direction reads t = 0 … T-1, the backward one T-1 … 0 with weights of its own; the backward outputs are put back in
/// input order before the merge, and without ReturnSequences each direction contributes its final state.
/// </summary>
public sealed class BidirectionalNumericsTests
{
    private const int Batch = 3;
    private const int Steps = 5;
    private const int Features = 4;
    private const int Units = 6;

    // The two directions of the generated field "bidirectional", and their fused kernels.
    private const string ForwardLayer = "bidirectional.forward_layer";
    private const string BackwardLayer = "bidirectional.backward_layer";
    private const string ForwardKernel = ForwardLayer + ".cell";
    private const string BackwardKernel = BackwardLayer + ".cell";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Concat_LastStep_IsTheForwardFinalStateBesideTheBackwardFinalState(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(501);
        using var model = new BiLstmConcatLastStep();
        using var x = Inputs(seed: 502);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, 2 * Units }, y.shape);
        var sequences = Reference.Sequences(x);
        var forward = Reference.LastStep(new LstmReference(model, ForwardKernel).Run(sequences));
        var backward = Reference.LastStep(new LstmReference(model, BackwardKernel).Run(sequences, goBackwards: true));
        Reference.AssertClose(Concat(forward, backward), y);
        Assert.True(Reference.MaxDifference(forward, backward) > 1e-3, "the two directions give different states");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sum_AllSteps_AddsTheBackwardOutputsInInputOrder(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(511);
        using var model = new BiGruSumAllSteps();
        using var x = Inputs(seed: 512);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Steps, Units }, y.shape);
        var sequences = Reference.Sequences(x);
        var forward = new GruReference(model, ForwardKernel).Run(sequences);
        var backward = Reference.FlipSteps(new GruReference(model, BackwardKernel).Run(sequences, goBackwards: true));
        Reference.AssertClose(Merge(forward, backward, (f, b) => f + b), y);

        // Left in processing order, the backward half would give something else.
        var unflipped = Merge(forward, Reference.FlipSteps(backward), (f, b) => f + b);
        Assert.True(Reference.MaxDifference(unflipped, Merge(forward, backward, (f, b) => f + b)) > 1e-3, "the order of the backward steps matters");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mul_LastStep_MultipliesTheFinalStates(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(521);
        using var model = new BiRnnMulLastStep();
        using var x = Inputs(seed: 522);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Units }, y.shape);
        var sequences = Reference.Sequences(x);
        var forward = Reference.LastStep(new SimpleRnnReference(model, ForwardKernel, Math.Tanh).Run(sequences));
        var backward = Reference.LastStep(new SimpleRnnReference(model, BackwardKernel, Math.Tanh).Run(sequences, goBackwards: true));
        Reference.AssertClose(Merge(forward, backward, (f, b) => f * b), y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ave_AllSteps_AveragesTheDirections(bool gradients)
    {
        using var mode = set_grad_enabled(gradients);
        manual_seed(531);
        using var model = new BiLstmAveAllSteps();
        using var x = Inputs(seed: 532);

        using var y = model.forward(x);

        Assert.Equal(new long[] { Batch, Steps, Units }, y.shape);
        var sequences = Reference.Sequences(x);
        var forward = new LstmReference(model, ForwardKernel).Run(sequences);
        var backward = Reference.FlipSteps(new LstmReference(model, BackwardKernel).Run(sequences, goBackwards: true));
        Reference.AssertClose(Merge(forward, backward, (f, b) => (f + b) / 2), y);
    }

    [Fact]
    public void EachDirection_HasWeightsOfItsOwn_OfTheWrappedLayersShape()
    {
        manual_seed(541);
        using var model = new BiLstmConcatLastStep();

        var names = Reference.ParameterNames(model);
        Assert.Equal(names.Count / 2, names.Count(n => n.StartsWith(ForwardLayer + ".", StringComparison.Ordinal)));
        Assert.Equal(names.Count / 2, names.Count(n => n.StartsWith(BackwardLayer + ".", StringComparison.Ordinal)));
        Assert.Equal(new long[] { 4 * Units, Features }, Reference.Parameter(model, $"{ForwardKernel}.weight_ih_l0").shape);
        Assert.Equal(new long[] { 4 * Units, Features }, Reference.Parameter(model, $"{BackwardKernel}.weight_ih_l0").shape);
        Assert.True(
            Reference.MaxDifference(
                Reference.Matrix(Reference.Parameter(model, $"{ForwardKernel}.weight_ih_l0")),
                Reference.Matrix(Reference.Parameter(model, $"{BackwardKernel}.weight_ih_l0"))) > 1e-3,
            "the backward layer is initialized independently, not a copy");
    }

    private static Tensor Inputs(long seed)
    {
        manual_seed(seed);
        return randn(new long[] { Batch, Steps, Features });
    }

    /// <summary><c>[B, H]</c> and <c>[B, H]</c> side by side: <c>[B, 2·H]</c>.</summary>
    private static double[,] Concat(double[,] first, double[,] second)
    {
        var (rows, width) = (first.GetLength(0), first.GetLength(1));
        var result = new double[rows, 2 * width];
        for (var b = 0; b < rows; b++)
        {
            for (var u = 0; u < width; u++)
            {
                result[b, u] = first[b, u];
                result[b, width + u] = second[b, u];
            }
        }

        return result;
    }

    private static double[,] Merge(double[,] first, double[,] second, Func<double, double, double> merge)
    {
        var result = new double[first.GetLength(0), first.GetLength(1)];
        for (var b = 0; b < result.GetLength(0); b++)
        {
            for (var u = 0; u < result.GetLength(1); u++)
            {
                result[b, u] = merge(first[b, u], second[b, u]);
            }
        }

        return result;
    }

    private static double[,,] Merge(double[,,] first, double[,,] second, Func<double, double, double> merge)
    {
        var result = new double[first.GetLength(0), first.GetLength(1), first.GetLength(2)];
        for (var b = 0; b < result.GetLength(0); b++)
        {
            for (var t = 0; t < result.GetLength(1); t++)
            {
                for (var u = 0; u < result.GetLength(2); u++)
                {
                    result[b, t, u] = merge(first[b, t, u], second[b, t, u]);
                }
            }
        }

        return result;
    }
}
