using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using ModelDsl.Tests.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Kernels;

/// <summary>
/// ModelDsl's managed recurrence (GRU and SimpleRNN, float32) against libtorch's fused kernels: the same states and the same
/// gradients for the input, every weight and bias and the initial state, and the guard choosing it only where it applies.
/// </summary>
public sealed class ManagedRecurrenceTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, bool, bool, bool> Cases()
    {
        var cases = new TheoryData<string, bool, bool, bool>();
        foreach (var kind in new[] { "gru", "tanh", "relu" })
        {
            foreach (var (bias, initial, sequenceUsed) in new[] { (true, false, false), (true, true, true), (false, false, true), (false, true, false) })
            {
                cases.Add(kind, bias, initial, sequenceUsed);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ManagedRecurrence_GivesTheFusedKernelsStatesAndGradients(string kind, bool useBias, bool fromInitialState, bool sequenceUsed)
    {
        using var layer = Create(kind, inputSize: 5, units: 7, useBias);
        manual_seed(31);
        using var x = randn(4, 6, 5);
        using var h0 = randn(4, 7).mul(0.5);
        using var sequenceWeights = randn(4, 6, 7);
        using var lastWeights = randn(4, 7);

        var fused = Gradients(layer, RecurrentKernelRoute.Fused, x, fromInitialState ? h0 : null, sequenceUsed ? sequenceWeights : null, lastWeights);
        var managed = Gradients(layer, RecurrentKernelRoute.ManagedRecurrence, x, fromInitialState ? h0 : null, sequenceUsed ? sequenceWeights : null, lastWeights);

        Assert.Equal(fused.Keys.OrderBy(k => k), managed.Keys.OrderBy(k => k));
        foreach (var (name, expected) in fused)
        {
            var difference = Reference.MaxDifference(expected, managed[name]);
            Assert.True(difference < Tolerance, $"{kind} {name}: managed recurrence differs from libtorch's kernel by {difference:G3}");
        }
    }

    // Batches of 64 rows and more split each step's rows across torch's threads.
    [Theory]
    [InlineData("gru", 2)]
    [InlineData("gru", 96)]
    [InlineData("tanh", 96)]
    [InlineData("relu", 130)]
    public void WithoutGradients_TheManagedRecurrenceGivesTheFusedKernelsStates(string kind, int batch)
    {
        using var layer = Create(kind, inputSize: 3, units: 33, useBias: true);
        manual_seed(32);
        using var x = randn(batch, 9, 3);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();

        var (fusedSequence, fusedStates) = layer.Run(x, null, wantSequence: true, RecurrentKernelRoute.Fused, fault: null);
        var (managedSequence, managedStates) = layer.Run(x, null, wantSequence: true, RecurrentKernelRoute.ManagedRecurrence, fault: null);

        Assert.False(managedSequence!.requires_grad);
        Assert.True(Reference.MaxDifference(Reference.Values(fusedSequence!), Reference.Values(managedSequence)) < Tolerance);
        Assert.True(Reference.MaxDifference(Reference.Values(fusedStates[0]), Reference.Values(managedStates[0])) < Tolerance);
    }

    [Theory]
    [InlineData("gru")]
    [InlineData("tanh")]
    [InlineData("relu")]
    public void TheGuard_ChecksAndPicksTheManagedRecurrence_ForUnpackedFloat32Calls(string kind)
    {
        var guard = new RecurrentKernelGuard(RecurrentKernelSetting.Auto, fault: null, report: _ => { });
        using var layer = Create(kind, inputSize: 4, units: 6, useBias: true);
        foreach (var gradients in new[] { false, true })
        {
            var variant = new RecurrentKernelVariant(UseBias: true, GradientsEnabled: gradients, Packed: false);
            Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, guard.VerdictFor(layer, ScalarType.Float32, variant).Route);
            Assert.NotEqual(RecurrentKernelRoute.ManagedRecurrence, guard.VerdictFor(layer, ScalarType.Float32, variant with { Packed = true }).Route);
            Assert.DoesNotContain(RecurrentKernelRoute.ManagedRecurrence, variant.CandidatesFor(layer.KernelKind, ScalarType.Float64));
        }

        Assert.Equal(4, guard.ChecksRun);
    }

    [Fact]
    public void LstmsKeepLibtorchsKernel()
    {
        var variant = new RecurrentKernelVariant(UseBias: true, GradientsEnabled: true, Packed: false);
        Assert.DoesNotContain(RecurrentKernelRoute.ManagedRecurrence, variant.CandidatesFor(RecurrentKernelKind.Lstm, ScalarType.Float32));
        Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, variant.CandidatesFor(RecurrentKernelKind.Gru, ScalarType.Float32)[0]);
    }

    [Fact]
    public void ALayerCall_UnderTheDefaultGuard_TrainsLikeTheFusedKernel()
    {
        using var scope = NewDisposeScope();
        manual_seed(33);
        using var x = randn(3, 5, 4);
        var losses = new Dictionary<RecurrentKernelSetting, double[]>();
        foreach (var setting in new[] { RecurrentKernelSetting.Fused, RecurrentKernelSetting.Auto })
        {
            manual_seed(34);
            using var layer = new GRU(4, 6);
            using var optimizer = optim.Adam(layer.parameters(), lr: 0.05);
            using var guard = RecurrentKernelGuard.Use(new RecurrentKernelGuard(setting, fault: null, report: _ => { }));
            losses[setting] = Enumerable.Range(0, 5).Select(_ =>
            {
                using var step = NewDisposeScope();
                optimizer.zero_grad();
                var loss = layer.forward(x).square().mean();
                loss.backward();
                optimizer.step();
                return (double)loss.item<float>();
            }).ToArray();
        }

        Assert.True(Reference.MaxDifference(losses[RecurrentKernelSetting.Fused], losses[RecurrentKernelSetting.Auto]) < Tolerance);
    }

    private static RecurrentLayer Create(string kind, long inputSize, long units, bool useBias)
    {
        var options = new RecurrentOptions { UseBias = useBias, Activation = kind == "relu" ? Activations.Relu : Activations.Tanh };
        return kind == "gru" ? new GRU(inputSize, units, options) : new SimpleRNN(inputSize, units, options);
    }

    // The states, and the gradients of Σ w₁·sequence + Σ w₂·last (the sequence term left out when w₁ is null, so the
    // sequence output gets no gradient at all) for the input, the initial state and every parameter.
    private static Dictionary<string, double[]> Gradients(
        RecurrentLayer layer, RecurrentKernelRoute route, Tensor x, Tensor? initial, Tensor? sequenceWeights, Tensor lastWeights)
    {
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        foreach (var parameter in layer.parameters())
        {
            parameter.grad = null;
        }

        var input = x.detach().requires_grad_(true);
        var start = initial?.detach().requires_grad_(true);
        var (sequence, states) = layer.Run(input, null, wantSequence: true, route, fault: null, start is null ? null : new[] { start });
        var loss = states[0].mul(lastWeights).sum();
        if (sequenceWeights is not null)
        {
            loss = loss.add(sequence!.mul(sequenceWeights).sum());
        }

        loss.backward();
        var result = new Dictionary<string, double[]>
        {
            ["sequence"] = Reference.Values(sequence!),
            ["last"] = Reference.Values(states[0]),
            ["input.grad"] = Reference.Values(input.grad!),
        };
        if (start is not null)
        {
            result["initial.grad"] = Reference.Values(start.grad!);
        }

        foreach (var (name, parameter) in layer.named_parameters())
        {
            result[name + ".grad"] = Reference.Values(parameter.grad!);
        }

        return result;
    }
}
