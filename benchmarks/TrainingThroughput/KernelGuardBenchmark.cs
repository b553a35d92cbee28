using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>
/// The price of each way of running the recurrent layers (<c>--kernel-guard</c>): generated <c>Fit</c> steps and
/// <c>Predict</c> calls under the unchecked fused kernel, the default check (auto), the fused kernel in gradient mode and
/// the cell loop, alternated round by round; and how long the kernel check itself takes.
/// </summary>
internal static class KernelGuardBenchmark
{
    private const int PredictCalls = 300;

    // One guard for the whole process, as in an application: it checks once, in the warm-up.
    private static readonly RecurrentKernelGuard AutoGuard = new(RecurrentKernelSetting.Auto, fault: null, report: line => Console.WriteLine($"   {line}"));

    private static readonly (string Name, Func<RecurrentKernelGuard> Guard)[] AllModes =
    {
        ("unguarded", () => RecurrentKernelGuard.Fixed(RecurrentKernelRoute.Fused)),
        ("auto", () => AutoGuard),
        ("gradient-mode", () => RecurrentKernelGuard.Fixed(RecurrentKernelRoute.FusedInGradientMode)),
        ("cell-loop", () => RecurrentKernelGuard.Fixed(RecurrentKernelRoute.CellLoop)),
        ("managed", () => RecurrentKernelGuard.Fixed(RecurrentKernelRoute.ManagedRecurrence)),
    };

    public static string Run(BenchConfig config, BenchOptions options)
    {
        var modes = AllModes.Where(m => options.GuardModes is null || options.GuardModes.Contains(m.Name)).ToList();
        var steps = options.StepsFor(config);
        var rounds = options.RoundsFor(config);
        var mark = options.MarkFor(steps);
        using var data = new BenchData(config, (long)steps * config.BatchSize, options.Seed);
        using var predictBatch = data.X.narrow(0, 0, config.BatchSize);

        Console.WriteLine($"== {config.Name} kernel routes: {config.Description}, batch {config.BatchSize}");
        Console.WriteLine($"   training: {steps} Fit steps per run, timed from step {mark}; Predict: {PredictCalls} calls of {config.BatchSize} rows; {rounds} round(s), order rotated");
        Console.WriteLine($"   kernel check: {CheckTimes(config)}");

        foreach (var (name, guard) in modes)
        {
            Measure(config, data, predictBatch, guard(), name, round: 0, mark: Math.Max(1, mark / 2), steps: mark, PredictCalls / 3);
        }

        Console.WriteLine();
        Console.WriteLine($"   {"round",5}  {"route",-14} {"train samples/s",15} {"median step ms",14} {"predict samples/s",17} {"median call ms",14}");
        var results = new List<(string Mode, double StepMs, double CallMs)>();
        for (var round = 1; round <= rounds; round++)
        {
            var order = modes.Skip((round - 1) % modes.Count).Concat(modes.Take((round - 1) % modes.Count));
            foreach (var (name, guard) in order)
            {
                var result = Measure(config, data, predictBatch, guard(), name, round, mark, steps, PredictCalls);
                results.Add((name, result.StepMs, result.CallMs));
            }
        }

        Console.WriteLine();
        var baseline = results.Where(r => r.Mode == "unguarded").ToList();
        var summary = new List<string>();
        foreach (var (name, _) in modes)
        {
            var own = results.Where(r => r.Mode == name).ToList();
            var step = Stats.Median(own.Select(r => r.StepMs));
            var call = Stats.Median(own.Select(r => r.CallMs));
            var trainRatio = baseline.Count == 0 ? double.NaN : Stats.Median(baseline.Select(r => r.StepMs)) / step;
            var predictRatio = baseline.Count == 0 ? double.NaN : Stats.Median(baseline.Select(r => r.CallMs)) / call;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   median  {name,-14} training {config.BatchSize * 1000 / step,7:F0} samples/s (step {step:F3} ms, {trainRatio:F3}x unguarded); "
                + $"Predict {config.BatchSize * 1000 / call,7:F0} samples/s (call {call:F3} ms, {predictRatio:F3}x unguarded)"));
            summary.Add(string.Create(CultureInfo.InvariantCulture, $"{name} train {trainRatio:F3}x predict {predictRatio:F3}x"));
            if (name == "auto" && baseline.Count > 0)
            {
                Console.WriteLine($"   targets: auto training >= 0.97x unguarded {(trainRatio >= 0.97 ? "MET" : "MISSED")}; "
                    + $"auto Predict >= 0.9x unguarded {(predictRatio >= 0.9 ? "MET" : "MISSED")}");
            }
        }

        Console.WriteLine();
        return $"{config.Name} kernel routes (median-step throughput relative to unguarded): {string.Join("; ", summary)}";
    }

    private static (double StepMs, double CallMs) Measure(
        BenchConfig config, BenchData data, Tensor predictBatch, RecurrentKernelGuard guard, string mode, int round, int mark, int steps, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var scope = RecurrentKernelGuard.Use(guard);
        var probe = new StepProbe(mark, steps);
        manual_seed(42);
        using var model = config.CreateGenerated();
        config.FitGenerated(model, data, 1, 42, new ProbeCallback(probe));
        var stepMs = Stats.Median(probe.StepMilliseconds());

        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var predicted = config.PredictGenerated(model, predictBatch);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var callMs = Stats.Median(times);
        if (round > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   {round,5}  {mode,-14} {config.BatchSize * 1000 / stepMs,15:F0} {stepMs,14:F3} {config.BatchSize * 1000 / callMs,17:F0} {callMs,14:F3}"));
        }

        return (stepMs, callMs);
    }

    // The first check pays for oneDNN's first primitives; later ones (a fresh guard each) show the steady cost.
    private static string CheckTimes(BenchConfig config)
    {
        using var layer = config.CreateLayer(config.EmbeddingDim, config.Hidden);
        var inference = new RecurrentKernelVariant(UseBias: true, GradientsEnabled: false, Packed: false);
        var first = AutoGuard.VerdictFor(layer, ScalarType.Float32, inference).CheckTime.TotalMilliseconds;
        var again = Enumerable.Range(0, 15)
            .Select(_ => new RecurrentKernelGuard(RecurrentKernelSetting.Auto, null, _ => { }).VerdictFor(layer, ScalarType.Float32, inference).CheckTime.TotalMilliseconds)
            .ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{layer.DisplayName} called without gradients, unpacked, with bias: first in process {first:F1} ms, "
            + $"then median {Stats.Median(again):F1} ms (max {again.Max():F1} ms) over {again.Count} fresh checks");
    }
}
