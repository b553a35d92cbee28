using System.Collections.Generic;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using ModelDsl.Tests.Numerics;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>
/// libtorch's own fused kernels, called directly, at a size (6 units) that libtorch 2.10's oneDNN LSTM inference kernel
/// gets wrong on AVX-512 CPUs. These pass on every CPU, and their output says which kind of CPU this was, so that a
/// libtorch that fixes the inference kernel, or breaks the training kernel, shows here first.
/// </summary>
public sealed class RawKernelTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => new() { "LSTM", "GRU", "SimpleRNN" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TrainingKernel_IsRight(string kind)
    {
        using var layer = Build(kind);
        using var x = Inputs();
        using var gradients = enable_grad();

        var (sequence, _) = layer.Run(x, null, wantSequence: true, RecurrentKernelRoute.Fused, fault: null);

        Reference.AssertClose(Loop(kind, layer).Run(Reference.Sequences(x)), sequence!);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void InferenceKernel_IsUsedExactlyWhereItIsRight(string kind)
    {
        using var layer = Build(kind);
        using var x = Inputs();
        double error;
        using (no_grad())
        {
            var (sequence, _) = layer.Run(x, null, wantSequence: true, RecurrentKernelRoute.Fused, fault: null);
            error = Reference.MaxDifference(Loop(kind, layer).Run(Reference.Sequences(x)), Reference.Sequences(sequence!));
        }

        var reports = new List<string>();
        var variant = new RecurrentKernelVariant(UseBias: true, GradientsEnabled: false, Packed: false);
        var route = new RecurrentKernelGuard(RecurrentKernelSetting.Auto, fault: null, reports.Add).VerdictFor(layer, ScalarType.Float32, variant).Route;

        output.WriteLine($"{kind}(6) without gradients: libtorch's fused kernel is off by {error:G3} on this CPU; ModelDsl uses {route}.");
        foreach (var line in reports)
        {
            output.WriteLine(line);
        }

        if (variant.CandidatesFor(layer.KernelKind, ScalarType.Float32)[0] == RecurrentKernelRoute.ManagedRecurrence)
        {
            // GRU and SimpleRNN: ModelDsl's managed recurrence comes before libtorch's kernel and passes the same check.
            Assert.Equal(RecurrentKernelRoute.ManagedRecurrence, route);
        }
        else
        {
            Assert.Equal(error > 1e-4, route != RecurrentKernelRoute.Fused);
        }
    }

    private static RecurrentLayer Build(string kind)
    {
        manual_seed(8);
        return kind switch
        {
            "LSTM" => new LSTM(4, 6),
            "GRU" => new GRU(4, 6),
            _ => new SimpleRNN(4, 6),
        };
    }

    private static RecurrentReference Loop(string kind, RecurrentLayer layer) => kind switch
    {
        "LSTM" => new LstmReference(layer, "cell"),
        "GRU" => new GruReference(layer, "cell"),
        _ => new SimpleRnnReference(layer, "cell", System.Math.Tanh),
    };

    private static Tensor Inputs()
    {
        manual_seed(9);
        return randn(3, 5, 4);
    }
}
