using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using ModelDsl.Tests.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Kernels;

/// <summary>
/// The kernel check and the routes it picks, proved with injected wrong kernels so that the result does not depend on
/// whether this CPU's libtorch kernels are right.
/// </summary>
public sealed class RecurrentKernelGuardTests
{
    private static readonly RecurrentKernelVariant Inference = new(UseBias: true, GradientsEnabled: false, Packed: false);
    private static readonly RecurrentKernelVariant Training = new(UseBias: true, GradientsEnabled: true, Packed: false);

    [Fact]
    public void WrongInferenceKernel_IsCaught_AndRunsTheManagedRecurrence_WithTheReferenceValues()
    {
        var reports = new List<string>();
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmInferenceLikeOneDnn, reports));
        using var layer = Lstm(units: 6);
        using var x = Inputs(seed: 1);

        using var noGrad = no_grad();
        using var y = layer.forward(x);

        Reference.AssertClose(new LstmReference(layer, "cell").Run(Reference.Sequences(x)), y);
        var line = Assert.Single(reports);
        Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, Verdict(layer, Inference).Route);
        Assert.Equal(RecurrentKernelRoute.Fused, Verdict(layer, Training).Route);
        Assert.Contains("LSTM", line, StringComparison.Ordinal);
        Assert.Contains("without gradients", line, StringComparison.Ordinal);
        Assert.Contains("at LSTM(6)", line, StringComparison.Ordinal);
        Assert.Contains("managed recurrence", line, StringComparison.Ordinal);
        Assert.Contains(RecurrentKernelSettings.EnvironmentVariable, line, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongInferenceKernel_WhereNoManagedRecurrenceRuns_RunsInGradientMode_WithTheReferenceValues()
    {
        // float64: the managed recurrence is float32 only, so the next route is libtorch's training kernel.
        var reports = new List<string>();
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmInferenceLikeOneDnn, reports));
        using var layer = (LSTM)Lstm(units: 6).to(ScalarType.Float64);
        using var x = Inputs(seed: 1).to(ScalarType.Float64);

        using var noGrad = no_grad();
        using var y = layer.forward(x);

        Reference.AssertClose(new LstmReference(layer, "cell").Run(Reference.Sequences(x)), y);
        Assert.Contains("gradient mode", Assert.Single(reports), StringComparison.Ordinal);
        Assert.Equal(RecurrentKernelRoute.FusedInGradientMode, RecurrentKernelGuard.Current.VerdictFor(layer, ScalarType.Float64, Inference).Route);
        Assert.Equal(RecurrentKernelRoute.Fused, RecurrentKernelGuard.Current.VerdictFor(layer, ScalarType.Float64, Training).Route);
    }

    [Fact]
    public void UnderInferenceMode_TheGradientModeRoute_StillGivesTheReferenceValues()
    {
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmInferenceLikeOneDnn, new List<string>()));
        using var layer = (LSTM)Lstm(units: 6).to(ScalarType.Float64);
        using var x = Inputs(seed: 6).to(ScalarType.Float64);
        var expected = new LstmReference(layer, "cell").Run(Reference.Sequences(x));

        using var inference = inference_mode();
        using var fromInferenceTensor = x.clone();
        using var y = layer.forward(fromInferenceTensor);

        Reference.AssertClose(expected, y);
    }

    [Fact]
    public void InjectedFault_WithoutTheCheck_GivesWrongValues()
    {
        // The control for the test above: the fault really changes what the fused kernel returns.
        var reports = new List<string>();
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmInferenceLikeOneDnn, reports, RecurrentKernelSetting.Fused));
        using var layer = Lstm(units: 6);
        using var x = Inputs(seed: 1);

        using var noGrad = no_grad();
        using var y = layer.forward(x);

        var expected = new LstmReference(layer, "cell").Run(Reference.Sequences(x));
        Assert.True(Reference.MaxDifference(expected, Reference.Sequences(y)) > 0.1);
        Assert.Empty(reports);
        Assert.Equal(0, RecurrentKernelGuard.Current.ChecksRun);
    }

    [Fact]
    public void KernelWrongInEveryMode_FallsBackToTheManagedRecurrence_InBothModes()
    {
        var reports = new List<string>();
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmAlways, reports));
        using var layer = Lstm(units: 6);
        using var x = Inputs(seed: 2);
        var expected = new LstmReference(layer, "cell").Run(Reference.Sequences(x));

        using (no_grad())
        {
            using var y = layer.forward(x);
            Reference.AssertClose(expected, y);
        }

        using var trained = layer.forward(x);
        Reference.AssertClose(expected, trained);
        Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, Verdict(layer, Inference).Route);
        Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, Verdict(layer, Training).Route);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, line => Assert.Contains("managed recurrence", line, StringComparison.Ordinal));
    }

    [Fact]
    public void KernelWrongInEveryMode_FallsBackToTheCellLoop_ForValuesAndGradients()
    {
        // float64, where no managed recurrence runs: the cell loop is what is left.
        var reports = new List<string>();
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmAlways, reports));
        using var layer = (LSTM)Lstm(units: 6).to(ScalarType.Float64);
        using var x = Inputs(seed: 2).to(ScalarType.Float64);
        var expected = new LstmReference(layer, "cell").Run(Reference.Sequences(x));

        using (no_grad())
        {
            using var y = layer.forward(x);
            Reference.AssertClose(expected, y);
        }

        using var trained = layer.forward(x);
        Reference.AssertClose(expected, trained);
        using var loss = trained.square().sum();
        loss.backward();
        var loopGradient = Reference.Values(layer.KernelParameters()["weight_hh_l0"].grad!);

        // The same gradient through libtorch's training kernel (right on every CPU), without the fault.
        layer.zero_grad();
        using (RecurrentKernelGuard.Use(FaultyKernels.Guard(null, new List<string>(), RecurrentKernelSetting.Fused)))
        {
            using var fused = layer.forward(x);
            using var fusedLoss = fused.square().sum();
            fusedLoss.backward();
        }

        var fusedGradient = Reference.Values(layer.KernelParameters()["weight_hh_l0"].grad!);
        Assert.True(Reference.MaxDifference(loopGradient, fusedGradient) < 1e-9, "cell-loop gradients equal the training kernel's");

        Assert.Equal(2, reports.Count);
        Assert.All(reports, line => Assert.Contains("cell loop", line, StringComparison.Ordinal));
        Assert.Contains(reports, line => line.Contains("called without gradients", StringComparison.Ordinal));
        Assert.Contains(reports, line => line.Contains("called with gradients", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongPackedKernel_IsCaught_AndMaskedBatchesGetTheReferenceValues()
    {
        var reports = new List<string>();
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.GruPacked, reports));
        using var layer = new GRU(4, 6, new RecurrentOptions { ReturnSequences = true });
        using var x = Inputs(seed: 3);
        using var mask = tensor(new[] { true, true, true, true, true, true, true, true, false, false, true, true, true, true, true }, 3, 5);

        using var noGrad = no_grad();
        using var masked = layer.forward(x, mask);
        using var rows = cat(Enumerable.Range(0, 3).Select(r => RunUnpadded(layer, x, mask, r)).ToArray(), 0);

        Reference.AssertClose(Reference.Sequences(rows), masked);
        Assert.Contains("called without gradients, packed", Assert.Single(reports), StringComparison.Ordinal);
        // Unpacked calls keep the cheapest route (for a float32 GRU, ModelDsl's managed recurrence, which the fault does not touch).
        Assert.Equal(Inference.CandidatesFor(RecurrentKernelKind.Gru, ScalarType.Float32)[0], Verdict(layer, Inference).Route);
        Assert.NotEqual(RecurrentKernelRoute.Fused, Verdict(layer, Inference with { Packed = true }).Route);
        Assert.NotEqual(RecurrentKernelRoute.Fused, Verdict(layer, Training with { Packed = true }).Route);
    }

    [Fact]
    public void AFaultPastTheFirst32UnitBlock_IsCaughtToo()
    {
        var reports = new List<string>();
        var guard = FaultyKernels.Guard(FaultyKernels.LstmTailBlockOnly, reports);
        using var large = Lstm(units: 40);

        Assert.NotEqual(RecurrentKernelRoute.Fused, guard.VerdictFor(large, ScalarType.Float32, Inference).Route);
        Assert.Contains("LSTM(40)", Assert.Single(reports), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCheck_RunsOncePerKernelConfiguration()
    {
        var guard = FaultyKernels.Guard(null, new List<string>());
        using var scope = RecurrentKernelGuard.Use(guard);
        using var noGrad = no_grad();
        using var x = Inputs(seed: 4);

        for (var i = 0; i < 3; i++)
        {
            using var layer = Lstm(units: 6);
            layer.forward(x).Dispose();
        }

        Assert.Equal(1, guard.ChecksRun);
        using (var other = Lstm(units: 7))
        {
            other.forward(x).Dispose();
        }

        Assert.Equal(2, guard.ChecksRun);
        using (var gru = new GRU(4, 6))
        {
            gru.forward(x).Dispose();
        }

        Assert.Equal(3, guard.ChecksRun);
        using (var lstm64 = Lstm(units: 6).to(ScalarType.Float64))
        using (var x64 = x.to(ScalarType.Float64))
        {
            ((LSTM)lstm64).forward(x64).Dispose();
        }

        Assert.Equal(4, guard.ChecksRun);
        using (var withGradients = Lstm(units: 6))
        {
            using var gradients = enable_grad();
            withGradients.forward(x).Dispose();
            withGradients.forward(x).Dispose();
        }

        Assert.Equal(5, guard.ChecksRun);
    }

    [Fact]
    public void LoopSetting_AlwaysRunsTheCellLoop_WithoutChecking()
    {
        var guard = FaultyKernels.Guard(FaultyKernels.LstmAlways, new List<string>(), RecurrentKernelSetting.Loop);
        using var scope = RecurrentKernelGuard.Use(guard);
        using var layer = Lstm(units: 6);
        using var x = Inputs(seed: 5);

        using var noGrad = no_grad();
        using var y = layer.forward(x);

        Reference.AssertClose(new LstmReference(layer, "cell").Run(Reference.Sequences(x)), y);
        Assert.Equal(RecurrentKernelRoute.CellLoop, guard.RouteFor(layer, ScalarType.Float32, packed: false));
        Assert.Equal(0, guard.ChecksRun);
    }

    [Theory]
    [InlineData(null, "Auto")]
    [InlineData("", "Auto")]
    [InlineData("auto", "Auto")]
    [InlineData(" Fused ", "Fused")]
    [InlineData("LOOP", "Loop")]
    public void Setting_ParsesTheAcceptedValues(string? value, string expected) =>
        Assert.Equal(expected, RecurrentKernelSettings.Parse(value).ToString());

    [Fact]
    public void Setting_RefusesAnythingElse_NamingTheVariableAndTheChoices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RecurrentKernelSettings.Parse("fast"));

        Assert.Contains("MODELDSL_RNN_KERNEL is 'fast'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'auto'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fused'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'loop'", error.Message, StringComparison.Ordinal);
    }

    private static RecurrentKernelVerdict Verdict(RecurrentLayer layer, RecurrentKernelVariant variant) =>
        RecurrentKernelGuard.Current.VerdictFor(layer, ScalarType.Float32, variant);

    private static LSTM Lstm(int units) => new(4, units, new RecurrentOptions { ReturnSequences = true });

    private static Tensor Inputs(int seed)
    {
        manual_seed(seed);
        return randn(3, 5, 4);
    }

    // One row with its masked steps removed, its outputs put back at their positions (zeros at masked steps).
    private static Tensor RunUnpadded(RecurrentLayer layer, Tensor x, Tensor mask, int row)
    {
        var real = mask[row].nonzero().squeeze(1);
        var compact = layer.forward(x[row].index_select(0, real).unsqueeze(0));
        var full = zeros(1, x.shape[1], layer.Units);
        full[0].index_copy_(0, real, compact[0]);
        return full;
    }
}
