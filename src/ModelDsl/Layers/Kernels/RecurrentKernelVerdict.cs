using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>What the kernel check found for one kind and element type: the route for each variant, and what failed.</summary>
internal sealed class RecurrentKernelVerdict
{
    private readonly RecurrentKernelRoute[] _routes;

    public RecurrentKernelVerdict(RecurrentKernelKind kind, ScalarType dtype, RecurrentKernelRoute[] routes, IReadOnlyList<RecurrentKernelFailure> failures, TimeSpan checkTime)
    {
        Kind = kind;
        DType = dtype;
        _routes = routes;
        Failures = failures;
        CheckTime = checkTime;
    }

    public RecurrentKernelKind Kind { get; }

    public ScalarType DType { get; }

    /// <summary>Every route that gave wrong values, in the order tried.</summary>
    public IReadOnlyList<RecurrentKernelFailure> Failures { get; }

    /// <summary>How long the check took (zero when nothing was checked).</summary>
    public TimeSpan CheckTime { get; }

    /// <summary>A verdict that routes every variant to <paramref name="route"/> without checking anything.</summary>
    public static RecurrentKernelVerdict Always(RecurrentKernelKind kind, ScalarType dtype, RecurrentKernelRoute route) =>
        new(kind, dtype, Enumerable.Repeat(route, RecurrentKernelVariant.All.Length).ToArray(), Array.Empty<RecurrentKernelFailure>(), TimeSpan.Zero);

    public RecurrentKernelRoute RouteFor(RecurrentKernelVariant variant) => _routes[variant.Index];

    /// <summary>
    /// One line for the user when some variant does not run the plain fused kernel, saying which kernel failed, how, and what
    /// runs instead; <c>null</c> when every variant is fused.
    /// </summary>
    public string? Report()
    {
        var rerouted = RecurrentKernelVariant.All.Where(v => RouteFor(v) != RecurrentKernelRoute.Fused).ToList();
        if (rerouted.Count == 0)
        {
            return null;
        }

        var worst = Failures.Where(f => f.Route == RecurrentKernelRoute.Fused).MaxBy(f => f.Error);
        var off = worst is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (up to {worst.Error:G2} off a float64 reference at {worst.ProbeName})");
        var instead = rerouted.GroupBy(RouteFor).Select(g => $"{RouteText(g.Key)} when called {Conditions(g.ToList())}");
        return $"ModelDsl: libtorch's fused {KindText(Kind)} kernel ({DType.ToString().ToLowerInvariant()}) is wrong on this CPU{off}. "
            + $"Instead ModelDsl uses {string.Join("; and ", instead)}. Set {RecurrentKernelSettings.EnvironmentVariable}=fused or loop to choose yourself.";
    }

    private static string RouteText(RecurrentKernelRoute route) => route switch
    {
        RecurrentKernelRoute.FusedInGradientMode => "the fused kernel in gradient mode with detached outputs (the training kernel: right, same speed)",
        RecurrentKernelRoute.CellLoop => "ModelDsl's cell loop (slower)",
        _ => "the fused kernel",
    };

    private static string KindText(RecurrentKernelKind kind) => kind switch
    {
        RecurrentKernelKind.Lstm => "LSTM",
        RecurrentKernelKind.Gru => "GRU",
        RecurrentKernelKind.SimpleRnnTanh => "RNN (tanh)",
        RecurrentKernelKind.SimpleRnnRelu => "RNN (relu)",
        _ => kind.ToString(),
    };

    // "without gradients, unpacked, with and without bias" when the variants form a full cross product; else each listed.
    private static string Conditions(List<RecurrentKernelVariant> variants)
    {
        static string Axis(IEnumerable<bool> values, string yes, string no, string both)
        {
            var set = values.Distinct().ToList();
            return set.Count == 2 ? both : set[0] ? yes : no;
        }

        var product = variants.Select(v => v.GradientsEnabled).Distinct().Count()
            * variants.Select(v => v.Packed).Distinct().Count()
            * variants.Select(v => v.UseBias).Distinct().Count();
        if (product != variants.Count)
        {
            return string.Join(" and ", variants.Select(v => v.Describe()));
        }

        return string.Join(", ", new[]
        {
            Axis(variants.Select(v => v.GradientsEnabled), "with gradients", "without gradients", "with and without gradients"),
            Axis(variants.Select(v => v.Packed), "packed", "unpacked", "packed and unpacked"),
            Axis(variants.Select(v => v.UseBias), "with bias", "without bias", "with and without bias"),
        });
    }
}
