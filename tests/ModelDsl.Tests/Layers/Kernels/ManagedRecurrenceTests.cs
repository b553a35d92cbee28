using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using ModelDsl.Tests.Numerics;
using ModelDsl.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Kernels;

/// <summary>
/// ModelDsl's managed recurrence (LSTM, GRU and SimpleRNN, float32) against libtorch's fused kernels: the same states and the
/// same gradients for the input, every weight and bias and the initial states, and the guard choosing it only where it applies.
/// In the training collection: a test builds two layers from the same seed of torch's process-wide generator.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ManagedRecurrenceTests
{
    private const double Tolerance = 1e-5;

    // Sizes: 7 units is all scalar tail, 19 is vectors and a tail; 4 rows is one block of four, 37 rows is two threads'
    // blocks of four plus single rows.
    public static TheoryData<string, bool, bool, bool, int, int> Cases()
    {
        var cases = new TheoryData<string, bool, bool, bool, int, int>();
        foreach (var kind in new[] { "lstm", "gru", "tanh", "relu" })
        {
            foreach (var (bias, initial, sequenceUsed, units, batch) in new[]
            {
                (true, false, false, 7, 4), (true, true, true, 19, 4), (false, false, true, 7, 37), (false, true, false, 19, 37), (true, true, true, 16, 37),
            })
            {
                cases.Add(kind, bias, initial, sequenceUsed, units, batch);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ManagedRecurrence_GivesTheFusedKernelsStatesAndGradients(string kind, bool useBias, bool fromInitialState, bool sequenceUsed, int units, int batch)
    {
        using var layer = Create(kind, inputSize: 5, units: units, useBias);
        manual_seed(31);
        using var x = randn(batch, 6, 5);
        var initial = Enumerable.Range(0, layer.StateCount).Select(_ => randn(batch, units).mul(0.5)).ToArray();
        var lastWeights = Enumerable.Range(0, layer.StateCount).Select(_ => randn(batch, units)).ToArray();
        using var sequenceWeights = randn(batch, 6, units);

        var fused = Gradients(layer, RecurrentKernelRoute.Fused, x, fromInitialState ? initial : null, sequenceUsed ? sequenceWeights : null, lastWeights);
        var managed = Gradients(layer, RecurrentKernelRoute.ManagedRecurrence, x, fromInitialState ? initial : null, sequenceUsed ? sequenceWeights : null, lastWeights);

        Assert.Equal(fused.Keys.OrderBy(k => k), managed.Keys.OrderBy(k => k));
        foreach (var (name, expected) in fused)
        {
            // Relative to the tensor's scale: a weight gradient sums hundreds of float32 terms in another order than libtorch.
            var scale = Math.Max(1.0, expected.Max(Math.Abs));
            var difference = Reference.MaxDifference(expected, managed[name]) / scale;
            Assert.True(difference < Tolerance, $"{kind} {name}: managed recurrence differs from libtorch's kernel by {difference:G3} (relative to {scale:G3})");
        }
    }

    // Batches of 32 rows and more split their rows across torch's threads.
    [Theory]
    [InlineData("lstm", 2)]
    [InlineData("lstm", 96)]
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

        // libtorch's training kernel, run without keeping gradients: its inference kernel is wrong for an LSTM(33) on AVX-512 CPUs.
        var (fusedSequence, fusedStates) = layer.Run(x, null, wantSequence: true, RecurrentKernelRoute.FusedInGradientMode, fault: null);
        var (managedSequence, managedStates) = layer.Run(x, null, wantSequence: true, RecurrentKernelRoute.ManagedRecurrence, fault: null);

        Assert.False(managedSequence!.requires_grad);
        Assert.True(Reference.MaxDifference(Reference.Values(fusedSequence!), Reference.Values(managedSequence)) < Tolerance);
        Assert.Equal(fusedStates.Length, managedStates.Length);
        for (var i = 0; i < fusedStates.Length; i++)
        {
            Assert.True(Reference.MaxDifference(Reference.Values(fusedStates[i]), Reference.Values(managedStates[i])) < Tolerance);
        }
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
    public void Lstms_TrainOverLongSequencesThroughTheManagedRecurrence_AndOtherwiseTryLibtorchsKernelFirst()
    {
        var training = new RecurrentKernelVariant(UseBias: true, GradientsEnabled: true, Packed: false);
        var inference = training with { GradientsEnabled = false };
        Assert.Equal(
            new[] { RecurrentKernelRoute.ManagedRecurrence, RecurrentKernelRoute.Fused, RecurrentKernelRoute.CellLoop },
            (training with { LongSequence = true }).CandidatesFor(RecurrentKernelKind.Lstm, ScalarType.Float32));
        Assert.Equal(
            new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.ManagedRecurrence, RecurrentKernelRoute.CellLoop },
            training.CandidatesFor(RecurrentKernelKind.Lstm, ScalarType.Float32));
        Assert.Equal(
            new[] { RecurrentKernelRoute.Fused, RecurrentKernelRoute.ManagedRecurrence, RecurrentKernelRoute.FusedInGradientMode, RecurrentKernelRoute.CellLoop },
            inference.CandidatesFor(RecurrentKernelKind.Lstm, ScalarType.Float32));
        Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, inference.CandidatesFor(RecurrentKernelKind.Gru, ScalarType.Float32)[0]);
        Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, training.CandidatesFor(RecurrentKernelKind.SimpleRnnTanh, ScalarType.Float32)[0]);
        Assert.DoesNotContain(RecurrentKernelRoute.ManagedRecurrence, (training with { LongSequence = true }).CandidatesFor(RecurrentKernelKind.Lstm, ScalarType.Float64));
    }

    [Fact]
    public void ALongSequence_IsItsOwnVariant_OnlyForAnLstmWithGradients()
    {
        using var lstm = Create("lstm", inputSize: 3, units: 4, useBias: true);
        using var gru = Create("gru", inputSize: 3, units: 4, useBias: true);
        var longer = RecurrentKernelVariant.LongSequenceSteps + 1;
        using (enable_grad())
        {
            Assert.True(RecurrentKernelVariant.Of(lstm, packed: false, initialState: false, steps: longer).LongSequence);
            Assert.False(RecurrentKernelVariant.Of(lstm, packed: false, initialState: false, steps: RecurrentKernelVariant.LongSequenceSteps).LongSequence);
            Assert.False(RecurrentKernelVariant.Of(gru, packed: false, initialState: false, steps: longer).LongSequence);
        }

        using (no_grad())
        {
            Assert.False(RecurrentKernelVariant.Of(lstm, packed: false, initialState: false, steps: longer).LongSequence);
        }
    }

    // The LSTM over 200 steps takes the managed recurrence (a long sequence), over 5 steps libtorch's kernel.
    [Theory]
    [InlineData("gru", 5)]
    [InlineData("lstm", 5)]
    [InlineData("lstm", 200)]
    public void ALayerCall_UnderTheDefaultGuard_TrainsLikeTheFusedKernel(string kind, int steps)
    {
        using var scope = NewDisposeScope();
        manual_seed(33);
        using var x = randn(3, steps, 4);
        var losses = new Dictionary<RecurrentKernelSetting, double[]>();
        foreach (var setting in new[] { RecurrentKernelSetting.Fused, RecurrentKernelSetting.Auto })
        {
            manual_seed(34);
            using var layer = Create(kind, inputSize: 4, units: 6, useBias: true);
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
        return kind switch
        {
            "lstm" => new LSTM(inputSize, units, options),
            "gru" => new GRU(inputSize, units, options),
            _ => new SimpleRNN(inputSize, units, options),
        };
    }

    // The states, and the gradients of Σ w₁·sequence + Σᵢ w₂ᵢ·lastᵢ (h, and an LSTM's c; the sequence term left out when w₁
    // is null, so the sequence output gets no gradient at all) for the input, the initial states and every parameter.
    private static Dictionary<string, double[]> Gradients(
        RecurrentLayer layer, RecurrentKernelRoute route, Tensor x, Tensor[]? initial, Tensor? sequenceWeights, Tensor[] lastWeights)
    {
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        foreach (var parameter in layer.parameters())
        {
            parameter.grad = null;
        }

        var input = x.detach().requires_grad_(true);
        var start = initial?.Select(state => state.detach().requires_grad_(true)).ToArray();
        var (sequence, states) = layer.Run(input, null, wantSequence: true, route, fault: null, start);
        var loss = states.Zip(lastWeights, (state, weights) => state.mul(weights).sum()).Aggregate((a, b) => a.add(b));
        if (sequenceWeights is not null)
        {
            loss = loss.add(sequence!.mul(sequenceWeights).sum());
        }

        loss.backward();
        var result = new Dictionary<string, double[]>
        {
            ["sequence"] = Reference.Values(sequence!),
            ["input.grad"] = Reference.Values(input.grad!),
        };
        for (var i = 0; i < states.Length; i++)
        {
            result[$"last[{i}]"] = Reference.Values(states[i]);
            if (start is not null)
            {
                result[$"initial[{i}].grad"] = Reference.Values(start[i].grad!);
            }
        }

        foreach (var (name, parameter) in layer.named_parameters())
        {
            result[name + ".grad"] = Reference.Values(parameter.grad!);
        }

        return result;
    }
}
