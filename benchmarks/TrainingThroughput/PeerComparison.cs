using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>
/// <c>--peer</c>: each <see cref="PeerModel"/> trained through its generated <c>Fit</c> and through the same layers in
/// PyTorch (torch_peer.py), alternating round by round, then <c>Predict</c> at batch 1 and 256 on both. Reports median
/// step times, samples/s and the ratios ModelDsl/PyTorch (above 1: ModelDsl faster).
/// </summary>
internal static class PeerComparison
{
    private const string ModelDsl = "ModelDsl";
    private const string PyTorch = "PyTorch";
    private static readonly int[] PredictRows = { 1, 256 };

    /// <summary>
    /// What one run of one implementation measured: step times (median, 90th percentile, slowest), whole-run samples/s, the
    /// median <c>Predict</c> call per batch size, and for ModelDsl the .NET garbage collector's pauses during the timed steps.
    /// </summary>
    private sealed record PeerRun(string Implementation, int Round, IReadOnlyList<double> StepMs, double SamplesPerSecond, IReadOnlyDictionary<int, double> PredictMs,
        double? GcPauseMs = null)
    {
        public double MedianStepMs { get; } = Stats.Median(StepMs);

        public double P90StepMs => Percentile(0.9);

        public double MaxStepMs => StepMs.Max();

        private double Percentile(double fraction) => StepMs.OrderBy(v => v).ElementAt((int)Math.Min(StepMs.Count - 1, Math.Floor(fraction * StepMs.Count)));
    }

    public static IReadOnlyList<string> Run(BenchOptions options, string python)
    {
        // --quick leaves out the Reuters-size model unless it is named: PyTorch takes seconds per step there.
        var models = PeerModel.All
            .Where(m => options.Models is null ? !(options.Quick && m.Name == "reuters") : options.Models.Contains(m.Name))
            .ToList();
        using var peer = PeerProcess.Start(python, options.Threads);
        Console.WriteLine($"   PyTorch: {peer.Hello}");
        Console.WriteLine();
        var summaries = new List<string>();
        foreach (var model in models)
        {
            summaries.Add(RunModel(model, options, peer));
            if (options.Profile)
            {
                PeerProfiler.Run(model, options, peer);
            }
        }

        return summaries;
    }

    private static string RunModel(PeerModel model, BenchOptions options, PeerProcess peer)
    {
        var steps = options.Steps ?? (options.Quick ? model.QuickSteps : model.DefaultSteps);
        var rounds = options.Rounds ?? (options.Quick ? 2 : 3);
        var mark = Math.Min(steps - 1, options.MarkStep ?? Math.Max(1, steps / 6));
        var predict = new List<(int Rows, int Calls)>
        {
            (1, options.Quick ? 20 : 200),
            (256, options.Quick ? Math.Max(2, model.Predict256Calls / 10) : model.Predict256Calls),
        };
        var stepsPerEpoch = Math.Min(steps, 1000);
        var rows = Math.Max((long)stepsPerEpoch * PeerModel.BatchSize, PredictRows.Max());
        using var data = new BenchData(model.Vocabulary, model.Sequence, model.Outputs, rows, options.Seed);
        var loadBefore = Stats.LoadAverage();
        Console.WriteLine($"== {model.Name}: {model.Description}, batch {PeerModel.BatchSize}, Adam lr 1e-3 eps 1e-7, {options.Threads} threads");
        Console.WriteLine($"   {steps} steps per run, timed from step {mark}; Predict at batch 1 ({predict[0].Calls} calls) and 256 ({predict[1].Calls} calls); "
            + $"{rounds} round(s), ModelDsl first in odd rounds; load average {loadBefore}");

        // Warm-up of both (JIT, kernels, allocator, the kernel check); not reported.
        var warmSteps = Math.Min(steps, Math.Max(mark + 2, 20));
        var warmPredict = predict.Select(p => (p.Rows, Math.Min(p.Calls, 3))).ToList();
        RunModelDsl(model, data, 0, Math.Max(1, warmSteps / 2), warmSteps, warmPredict, options.Seed);
        RunPyTorch(model, peer, 0, Math.Max(1, warmSteps / 2), warmSteps, warmPredict, options.Seed);

        Console.WriteLine($"   {"round",5}  {"implementation",-14} {"median step ms",14} {"p90 ms",8} {"max ms",8} {"samples/s",9} {"GC pause ms",11} {"predict@1 ms",12} {"predict@256 ms",14}");
        var runs = new List<PeerRun>();
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? new[] { ModelDsl, PyTorch } : new[] { PyTorch, ModelDsl };
            foreach (var implementation in order)
            {
                var run = implementation == ModelDsl
                    ? RunModelDsl(model, data, round, mark, steps, predict, options.Seed)
                    : RunPyTorch(model, peer, round, mark, steps, predict, options.Seed);
                runs.Add(run);
                var pause = run.GcPauseMs is { } ms ? ms.ToString("F1", CultureInfo.InvariantCulture) : "-";
                Console.WriteLine($"   {round,5}  {implementation,-14} {run.MedianStepMs,14:F3} {run.P90StepMs,8:F2} {run.MaxStepMs,8:F1} {run.SamplesPerSecond,9:F0} {pause,11} "
                    + $"{run.PredictMs[1],12:F3} {run.PredictMs[256],14:F3}");
            }
        }

        var loadAfter = Stats.LoadAverage();
        var ours = runs.Where(r => r.Implementation == ModelDsl).ToList();
        var theirs = runs.Where(r => r.Implementation == PyTorch).ToList();
        var ourStep = Stats.Median(ours.Select(r => r.MedianStepMs));
        var theirStep = Stats.Median(theirs.Select(r => r.MedianStepMs));
        var trainRatio = theirStep / ourStep;
        var perRound = Enumerable.Range(1, rounds)
            .Select(r => theirs.Single(x => x.Round == r).MedianStepMs / ours.Single(x => x.Round == r).MedianStepMs)
            .Select(v => v.ToString("F2", CultureInfo.InvariantCulture));
        var samplesRatio = Stats.Median(ours.Select(r => r.SamplesPerSecond)) / Stats.Median(theirs.Select(r => r.SamplesPerSecond));
        var predictRatios = PredictRows.ToDictionary(
            rowsOf => rowsOf,
            rowsOf => Stats.Median(theirs.Select(r => r.PredictMs[rowsOf])) / Stats.Median(ours.Select(r => r.PredictMs[rowsOf])));
        Console.WriteLine();
        Console.WriteLine($"   training, median step: ModelDsl {ourStep:F3} ms ({PeerModel.BatchSize * 1000 / ourStep:F0} samples/s), "
            + $"PyTorch {theirStep:F3} ms ({PeerModel.BatchSize * 1000 / theirStep:F0} samples/s)");
        Console.WriteLine($"   ratio ModelDsl/PyTorch (throughput from median steps): {trainRatio:F2}x; per round {string.Join(", ", perRound)}; "
            + $"from whole-run samples/s {samplesRatio:F2}x");
        Console.WriteLine($"   Predict ModelDsl/PyTorch (throughput from median calls): batch 1 {predictRatios[1]:F2}x "
            + $"({Stats.Median(ours.Select(r => r.PredictMs[1])):F3} vs {Stats.Median(theirs.Select(r => r.PredictMs[1])):F3} ms), "
            + $"batch 256 {predictRatios[256]:F2}x ({Stats.Median(ours.Select(r => r.PredictMs[256])):F3} vs {Stats.Median(theirs.Select(r => r.PredictMs[256])):F3} ms)");
        Console.WriteLine($"   load average after: {loadAfter}");
        Console.WriteLine();
        return string.Create(CultureInfo.InvariantCulture,
            $"{model.Name}: training ModelDsl {PeerModel.BatchSize * 1000 / ourStep:F0} vs PyTorch {PeerModel.BatchSize * 1000 / theirStep:F0} samples/s, ratio {trainRatio:F2}; "
            + $"Predict@1 {predictRatios[1]:F2}, Predict@256 {predictRatios[256]:F2}; load {loadBefore.Split(' ')[0]} -> {loadAfter.Split(' ')[0]}");
    }

    private static PeerRun RunModelDsl(PeerModel model, BenchData data, int round, int mark, int steps, IReadOnlyList<(int Rows, int Calls)> predict, long seed)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var stepsPerEpoch = Math.Min(steps, 1000);
        var epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
        var probe = new StepProbe(mark, steps);
        manual_seed(seed);
        using var module = model.Create();
        using (var x = data.X.narrow(0, 0, (long)stepsPerEpoch * PeerModel.BatchSize))
        using (var y = data.Y.narrow(0, 0, (long)stepsPerEpoch * PeerModel.BatchSize))
        {
            model.Fit(module, x, y, epochs, seed, new ProbeCallback(probe));
        }

        if (!probe.Done)
        {
            throw new InvalidOperationException($"{model.Name}: Fit stopped before step {steps}");
        }

        var predictMs = new Dictionary<int, double>();
        foreach (var (rows, calls) in predict)
        {
            using var batch = data.X.narrow(0, 0, rows);
            var times = new List<double>();
            for (var call = 0; call < calls + 2; call++)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                using (var output = model.Predict(module, batch, rows))
                {
                    times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            predictMs[rows] = Stats.Median(times.Skip(2));
        }

        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(probe.MarkTimestamp, probe.LastTimestamp).TotalSeconds;
        return new PeerRun(ModelDsl, round, probe.StepMilliseconds(), (steps - mark) * PeerModel.BatchSize / seconds, predictMs, probe.GcPause.TotalMilliseconds);
    }

    private static PeerRun RunPyTorch(PeerModel model, PeerProcess peer, int round, int mark, int steps, IReadOnlyList<(int Rows, int Calls)> predict, long seed)
    {
        var reply = peer.Ask(model.Spec(steps, mark, predict, seed, profile: 0));
        var stepMs = reply.GetProperty("step_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var predictMs = reply.GetProperty("predict_ms").EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetDouble());
        return new PeerRun(PyTorch, round, stepMs, stepMs.Length * PeerModel.BatchSize / (stepMs.Sum() / 1000), predictMs);
    }
}
