using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>What the kernel check found for one kind, element type and variant: the route to take, and what failed.</summary>
internal sealed record RecurrentKernelVerdict(
    RecurrentKernelKind Kind,
    ScalarType DType,
    RecurrentKernelVariant Variant,
    RecurrentKernelRoute Route,
    IReadOnlyList<RecurrentKernelFailure> Failures,
    TimeSpan CheckTime)
{
    /// <summary>A verdict that takes <paramref name="route"/> without checking anything.</summary>
    public static RecurrentKernelVerdict Unchecked(RecurrentKernelKind kind, ScalarType dtype, RecurrentKernelVariant variant, RecurrentKernelRoute route) =>
        new(kind, dtype, variant, route, Array.Empty<RecurrentKernelFailure>(), TimeSpan.Zero);

    /// <summary>
    /// One line for the user when the plain fused kernel was found wrong: which kernel, called how, how far off, and what
    /// runs instead; <c>null</c> when the fused kernel is used.
    /// </summary>
    public string? Report()
    {
        var fused = Failures.FirstOrDefault(f => f.Route == RecurrentKernelRoute.Fused);
        if (fused is null)
        {
            return null;
        }

        var instead = Route switch
        {
            RecurrentKernelRoute.FusedInGradientMode => "runs it in gradient mode with detached outputs instead (the training kernel: right, same speed)",
            RecurrentKernelRoute.ManagedRecurrence => "runs its managed recurrence instead (right, faster than libtorch's training kernel)",
            RecurrentKernelRoute.CellLoop => "runs its own cell loop instead (right, slower)",
            _ => "keeps it",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"ModelDsl: libtorch's fused {KindText} kernel ({DType.ToString().ToLowerInvariant()}, called {Variant.Describe()}) is wrong on this CPU "
            + $"(up to {fused.Error:G2} off a float64 reference at {fused.ProbeName}); ModelDsl {instead}. "
            + $"Set {RecurrentKernelSettings.EnvironmentVariable}=fused or loop to choose yourself.");
    }

    private string KindText => Kind switch
    {
        RecurrentKernelKind.Lstm => "LSTM",
        RecurrentKernelKind.Gru => "GRU",
        RecurrentKernelKind.SimpleRnnTanh => "RNN (tanh)",
        RecurrentKernelKind.SimpleRnnRelu => "RNN (relu)",
        _ => Kind.ToString(),
    };
}
