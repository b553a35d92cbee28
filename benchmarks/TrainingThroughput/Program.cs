using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using ModelDsl.Runtime;
using TorchSharp;
using TrainingThroughput;
using static TorchSharp.torch;

// Training throughput and memory of generated models trained through their generated Fit, against the same
// architectures written by hand in plain TorchSharp. See benchmarks/README.md.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
if (options is null)
{
    return 2;
}

TorchRuntime.EnsureLoaded();
if (options.LayerRoutes)
{
    set_num_threads(options.Threads);
    Console.WriteLine($"Recurrent layer routes, torch threads {get_num_threads()}; load average before: {Stats.LoadAverage()}");
    LayerRoutes.Run(options.Rounds ?? 200);
    Console.WriteLine($"load average after: {Stats.LoadAverage()}");
    return 0;
}

if (options.Peer)
{
    // ModelDsl against PyTorch (torch_peer.py under Debian's python3-torch), same models, data shapes, optimizer and threads.
    set_num_threads(options.Threads);
    Console.WriteLine("ModelDsl vs PyTorch: generated Fit/Predict against the same layers in PyTorch, alternating rounds");
    Console.WriteLine($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, "
        + $"torch threads {get_num_threads()}, TorchSharp {typeof(torch).Assembly.GetName().Version}");
    var peerLoadBefore = Stats.LoadAverage();
    Console.WriteLine($"  load average before: {peerLoadBefore}");
    var peerSummaries = PeerComparison.Run(options, options.Python);
    Console.WriteLine($"load average before: {peerLoadBefore}");
    Console.WriteLine($"load average after:  {Stats.LoadAverage()}");
    Console.WriteLine();
    foreach (var line in peerSummaries)
    {
        Console.WriteLine(line);
    }

    return 0;
}

var imdb = new BenchConfig(
    "imdb", "IMDB LSTM: Input 40 -> Embedding 10000x128 -> LSTM 32 -> Dense 1 sigmoid, binary_crossentropy",
    SequenceLength: 40, Vocabulary: 10000, EmbeddingDim: 128, Hidden: 32, Outputs: 1, Loss: "binary_crossentropy", BatchSize: 32,
    DefaultSteps: 5000, DefaultRounds: 5, QuickSteps: 120, ProfileSteps: 1000, Signature: ImdbGenerated.InputSignature,
    CreateGenerated: () => new ImdbGenerated(),
    FitGenerated: (model, data, epochs, seed, probe) => ((ImdbGenerated)model).Fit(
        data.X, data.Y, epochs: epochs, batchSize: 32, callbacks: new[] { probe }, seed: seed, verbose: 0),
    PredictGenerated: (model, x) => ((ImdbGenerated)model).Predict(x));
var configs = new[]
{
    imdb,

    // The same model with LSTM(16), a size the oneDNN inference kernel gets wrong on AVX-512 CPUs.
    imdb with
    {
        Name = "imdb16",
        Description = "IMDB LSTM(16): Input 40 -> Embedding 10000x128 -> LSTM 16 -> Dense 1 sigmoid, binary_crossentropy",
        Hidden = 16,
        Signature = Imdb16Generated.InputSignature,
        CreateGenerated = () => new Imdb16Generated(),
        FitGenerated = (model, data, epochs, seed, probe) => ((Imdb16Generated)model).Fit(
            data.X, data.Y, epochs: epochs, batchSize: 32, callbacks: new[] { probe }, seed: seed, verbose: 0),
        PredictGenerated = (model, x) => ((Imdb16Generated)model).Predict(x),
    },
    // The IMDB model with a GRU and with a SimpleRNN, to price the managed recurrence (--kernel-guard --routes unguarded,managed).
    imdb with
    {
        Name = "imdbgru",
        Description = "IMDB GRU: Input 40 -> Embedding 10000x128 -> GRU 32 -> Dense 1 sigmoid, binary_crossentropy",
        Signature = ImdbGruGenerated.InputSignature,
        CreateGenerated = () => new ImdbGruGenerated(),
        FitGenerated = (model, data, epochs, seed, probe) => ((ImdbGruGenerated)model).Fit(
            data.X, data.Y, epochs: epochs, batchSize: 32, callbacks: new[] { probe }, seed: seed, verbose: 0),
        PredictGenerated = (model, x) => ((ImdbGruGenerated)model).Predict(x),
        CreateLayer = (input, hidden) => new ModelDsl.Layers.GRU(input, hidden),
    },
    imdb with
    {
        Name = "imdbrnn",
        Description = "IMDB SimpleRNN: Input 40 -> Embedding 10000x128 -> SimpleRNN 32 -> Dense 1 sigmoid, binary_crossentropy",
        Signature = ImdbSimpleRnnGenerated.InputSignature,
        CreateGenerated = () => new ImdbSimpleRnnGenerated(),
        FitGenerated = (model, data, epochs, seed, probe) => ((ImdbSimpleRnnGenerated)model).Fit(
            data.X, data.Y, epochs: epochs, batchSize: 32, callbacks: new[] { probe }, seed: seed, verbose: 0),
        PredictGenerated = (model, x) => ((ImdbSimpleRnnGenerated)model).Predict(x),
        CreateLayer = (input, hidden) => new ModelDsl.Layers.SimpleRNN(input, hidden),
    },
    new BenchConfig(
        "reuters", "Reuters-size LSTM: Input 250 -> Embedding 1000x250 -> LSTM 128 -> Dense 46 softmax, sparse_categorical_crossentropy",
        SequenceLength: 250, Vocabulary: 1000, EmbeddingDim: 250, Hidden: 128, Outputs: 46, Loss: "sparse_categorical_crossentropy", BatchSize: 32,
        DefaultSteps: 1000, DefaultRounds: 3, QuickSteps: 40, ProfileSteps: 200, Signature: ReutersGenerated.InputSignature,
        CreateGenerated: () => new ReutersGenerated(),
        FitGenerated: (model, data, epochs, seed, probe) => ((ReutersGenerated)model).Fit(
            data.X, data.Y, epochs: epochs, batchSize: 32, callbacks: new[] { probe }, seed: seed, verbose: 0),
        PredictGenerated: (model, x) => ((ReutersGenerated)model).Predict(x)),
};

Console.WriteLine("ModelDsl training throughput: generated Fit vs hand-written TorchSharp loop");
Console.WriteLine($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, "
    + $"torch threads {get_num_threads()} (interop {get_num_interop_threads()}), TorchSharp {typeof(torch).Assembly.GetName().Version}");
var loadBefore = Stats.LoadAverage();
Console.WriteLine($"  load average before: {loadBefore}");
Console.WriteLine();

var summaries = new List<string>();
// "all" is imdb and reuters for the comparison; imdb16 exists to show the kernel check rerouting (--kernel-guard).
foreach (var config in configs.Where(c => options.Config == c.Name || (options.Config == "all" && (c.Name is not ("imdb16" or "imdbgru" or "imdbrnn") || options.KernelGuard))))
{
    summaries.Add(options.KernelGuard ? KernelGuardBenchmark.Run(config, options) : Runner.Run(config, options));
}

var loadAfter = Stats.LoadAverage();
Console.WriteLine($"load average before: {loadBefore}");
Console.WriteLine($"load average after:  {loadAfter}");
Console.WriteLine();
foreach (var line in summaries)
{
    Console.WriteLine(line);
}

return 0;

namespace TrainingThroughput
{
    /// <summary>Command-line options.</summary>
    internal sealed record BenchOptions(string Config, int? Steps, int? Rounds, int? MarkStep, bool Quick, long Seed, bool Profile, bool KernelGuard, string[]? GuardModes)
    {
        /// <summary><c>--peer</c>: compare with PyTorch instead of the hand-written TorchSharp loop.</summary>
        public bool Peer { get; init; }

        /// <summary><c>--layer-routes</c>: time one GRU and one SimpleRNN layer per kernel route (<c>--rounds</c> calls each).</summary>
        public bool LayerRoutes { get; init; }

        /// <summary><c>--models</c>: the peer models to run (null: all).</summary>
        public string[]? Models { get; init; }

        /// <summary><c>--threads</c>: torch threads on both sides of the peer comparison.</summary>
        public int Threads { get; init; } = 2;

        /// <summary><c>--python</c>: the Python with torch for the peer.</summary>
        public string Python { get; init; } = "/usr/bin/python3";

        public static BenchOptions? Parse(string[] args)
        {
            string config = "all";
            int? steps = null;
            int? rounds = null;
            int? mark = null;
            var quick = false;
            var profile = false;
            var kernelGuard = false;
            string[]? guardModes = null;
            long seed = 42;
            var peer = false;
            var layerRoutes = false;
            string[]? models = null;
            var threads = 2;
            var python = "/usr/bin/python3";
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--config" when i + 1 < args.Length && args[i + 1] is "imdb" or "imdb16" or "imdbgru" or "imdbrnn" or "reuters" or "all":
                        config = args[++i];
                        break;
                    case "--steps" when i + 1 < args.Length && int.TryParse(args[i + 1], out var s) && s >= 2:
                        steps = s;
                        i++;
                        break;
                    case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r >= 1:
                        rounds = r;
                        i++;
                        break;
                    case "--mark" when i + 1 < args.Length && int.TryParse(args[i + 1], out var m) && m >= 1:
                        mark = m;
                        i++;
                        break;
                    case "--seed" when i + 1 < args.Length && long.TryParse(args[i + 1], out var sd):
                        seed = sd;
                        i++;
                        break;
                    case "--quick":
                        quick = true;
                        break;
                    case "--profile":
                        profile = true;
                        break;
                    case "--kernel-guard":
                        kernelGuard = true;
                        break;
                    case "--peer":
                        peer = true;
                        break;
                    case "--layer-routes":
                        layerRoutes = true;
                        break;
                    case "--models" when i + 1 < args.Length:
                        models = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        if (models.FirstOrDefault(m => PeerModel.All.All(p => p.Name != m)) is { } unknown)
                        {
                            Console.Error.WriteLine($"--models: no peer model '{unknown}'; the models are {string.Join(", ", PeerModel.All.Select(p => p.Name))}.");
                            return null;
                        }

                        break;
                    case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], out var th) && th >= 1:
                        threads = th;
                        i++;
                        break;
                    case "--python" when i + 1 < args.Length:
                        python = args[++i];
                        break;
                    case "--routes" when i + 1 < args.Length:
                        guardModes = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        break;
                    case "--help" or "-h":
                        Console.WriteLine(Usage);
                        return null;
                    default:
                        Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.");
                        Console.Error.WriteLine(Usage);
                        return null;
                }
            }

            if (steps is { } n && mark is { } w && w >= n)
            {
                Console.Error.WriteLine($"--mark ({w}) must be below --steps ({n}).");
                return null;
            }

            return new BenchOptions(config, steps, rounds, mark, quick, seed, profile, kernelGuard, guardModes)
            {
                Peer = peer,
                LayerRoutes = layerRoutes,
                Models = models,
                Threads = threads,
                Python = python,
            };
        }

        public const string Usage =
            "usage: TrainingThroughput [--config imdb|imdb16|imdbgru|imdbrnn|reuters|all] [--steps N] [--rounds R] [--mark W] [--seed S] [--quick] [--profile]\n"
            + "  --steps N   training steps per measured run (default: imdb 5000, reuters 1000; --quick: 120 / 40)\n"
            + "  --rounds R  measured runs per implementation, alternated (default: imdb 5, reuters 3; --quick: 2)\n"
            + "  --mark W    warm-up steps excluded from timing; RSS growth is measured from step W (default 200, --quick N/4)\n"
            + "  --seed S    seed of the synthetic data, the initial weights and the shuffle order (default 42)\n"
            + "  --quick     small numbers for a smoke run\n"
            + "  --profile   after the comparison, time the pieces of a Fit step (see README)\n"
            + "  --kernel-guard  instead of the comparison, price the recurrent kernel routes: Fit steps and Predict calls under the\n"
            + "              unchecked fused kernel, the default check (auto), gradient mode and the cell loop (see README)\n"
            + "  --routes R  with --kernel-guard, a comma-separated subset of unguarded,auto,gradient-mode,cell-loop,managed\n"
            + "  --peer      instead, compare with PyTorch (torch_peer.py under Debian's python3-torch): IMDB SimpleRNN/GRU/LSTM,\n"
            + "              the bidirectional LSTM and the Reuters-size LSTM, training and Predict at batch 1 and 256 (see README);\n"
            + "              with --profile, one step of each model split into phases on both sides\n"
            + "  --models M  with --peer, a comma-separated subset of imdb-simplernn,imdb-gru,imdb-lstm,bilstm,reuters\n"
            + "  --threads N with --peer, torch threads on both sides (default 2)\n"
            + "  --python P  with --peer, the Python with torch 1.13 (default /usr/bin/python3)\n"
            + "  --layer-routes  instead, time a GRU(32) and a SimpleRNN(32) layer alone per kernel route (libtorch's fused kernel,\n"
            + "              ModelDsl's managed recurrence), training and inference, alternated call by call (--rounds calls)";

        public int StepsFor(BenchConfig config) => Steps ?? (Quick ? config.QuickSteps : config.DefaultSteps);

        public int RoundsFor(BenchConfig config) => Rounds ?? (Quick ? 2 : config.DefaultRounds);

        public int MarkFor(int steps) => Math.Min(steps - 1, MarkStep ?? (Quick || steps < 400 ? Math.Max(1, steps / 4) : 200));
    }

    /// <summary>Runs one configuration: warm-up, alternating measured runs, table, summary line.</summary>
    internal static class Runner
    {
        private const int MaxStepsPerEpoch = 1000;
        private const string HandWritten = "hand-written";
        private const string Generated = "generated";

        public static string Run(BenchConfig config, BenchOptions options)
        {
            var steps = options.StepsFor(config);
            var rounds = options.RoundsFor(config);
            var mark = options.MarkFor(steps);
            var stepsPerEpoch = Math.Min(steps, MaxStepsPerEpoch);
            var epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
            using var data = new BenchData(config, (long)stepsPerEpoch * config.BatchSize, options.Seed);

            Console.WriteLine($"== {config.Name}: {config.Description}, batch {config.BatchSize}, Adam lr 1e-3 eps 1e-7");
            Console.WriteLine($"   {steps} steps per run ({epochs} epoch(s) of {stepsPerEpoch} steps over {data.X.shape[0]:N0} synthetic rows, seed {options.Seed}), "
                + $"timed from step {mark} to {steps}, RSS growth from step {mark} to {steps} (peak: also every {StepProbe.RssEvery} steps), {rounds} round(s)");
            Console.WriteLine($"   initial weights identical in both implementations: {(SameInitialWeights(config, options.Seed) ? "yes" : "NO")}");

            // Warm-up: JIT, libtorch's kernels and allocator caches, for both implementations; not reported.
            var warmupSteps = Math.Min(steps, Math.Max(mark, 20));
            var warmupStart = System.Diagnostics.Stopwatch.GetTimestamp();
            RunOnce(config, data, HandWritten, 0, Math.Max(1, warmupSteps / 2), warmupSteps, stepsPerEpoch, options.Seed);
            RunOnce(config, data, Generated, 0, Math.Max(1, warmupSteps / 2), warmupSteps, stepsPerEpoch, options.Seed);
            Console.WriteLine($"   warm-up: {warmupSteps} steps per implementation, {System.Diagnostics.Stopwatch.GetElapsedTime(warmupStart).TotalSeconds:F1} s");
            Console.WriteLine();

            Console.WriteLine($"   {"round",5}  {"implementation",-14} {"samples/s",9} {"ms/step",8} {"median ms",9} "
                + $"{"RSS@" + mark + " MB",11} {"RSS@" + steps + " MB",12} {"peak MB",8} {"RSS growth",10} {"run s",6} {"GCs",5} {"live tensors",13}");
            var results = new List<RunResult>();
            for (var round = 1; round <= rounds; round++)
            {
                // A B, then B A: each implementation goes first in every other round, so drift hits both alike.
                var order = round % 2 == 1 ? new[] { HandWritten, Generated } : new[] { Generated, HandWritten };
                foreach (var implementation in order)
                {
                    var result = RunOnce(config, data, implementation, round, mark, steps, stepsPerEpoch, options.Seed);
                    results.Add(result);
                    Console.WriteLine($"   {round,5}  {implementation,-14} {result.SamplesPerSecond,9:F0} {result.MillisecondsPerStep,8:F3} {result.MedianStepMilliseconds,9:F3} "
                        + $"{Stats.Mb(result.Probe.MarkRss),11} {Stats.Mb(result.Probe.LastRss),12} {Stats.Mb(result.Probe.PeakRss),8} "
                        + $"{result.RssGrowthPercent,9:F1}% {result.Seconds,6:F1} {result.Probe.LastCollections - result.Probe.MarkCollections,5} "
                        + $"{result.Probe.MarkLiveTensors + "->" + result.Probe.LastLiveTensors,13}");
                }
            }

            var hand = results.Where(r => r.Implementation == HandWritten).ToList();
            var gen = results.Where(r => r.Implementation == Generated).ToList();
            var handMedian = Stats.Median(hand.Select(r => r.SamplesPerSecond));
            var genMedian = Stats.Median(gen.Select(r => r.SamplesPerSecond));
            var ratio = genMedian / handMedian;
            var pairedRatios = Enumerable.Range(1, rounds)
                .Select(round => gen.Single(r => r.Round == round).SamplesPerSecond / hand.Single(r => r.Round == round).SamplesPerSecond)
                .ToArray();
            var handStep = Stats.Median(hand.Select(r => r.MedianStepMilliseconds));
            var genStep = Stats.Median(gen.Select(r => r.MedianStepMilliseconds));
            var stepRatio = handStep / genStep;
            var handGrowth = Stats.Median(hand.Select(r => r.RssGrowthPercent));
            var genGrowth = Stats.Median(gen.Select(r => r.RssGrowthPercent));
            Console.WriteLine();
            Console.WriteLine($"   median  hand-written {handMedian,7:F0} samples/s ({Stats.Median(hand.Select(r => r.MillisecondsPerStep)),7:F3} ms/step), "
                + $"median step {handStep:F3} ms; RSS growth median {handGrowth:F1}% (max {hand.Max(r => r.RssGrowthPercent):F1}%)");
            Console.WriteLine($"   median  generated    {genMedian,7:F0} samples/s ({Stats.Median(gen.Select(r => r.MillisecondsPerStep)),7:F3} ms/step), "
                + $"median step {genStep:F3} ms; RSS growth median {genGrowth:F1}% (max {gen.Max(r => r.RssGrowthPercent):F1}%)");
            Console.WriteLine($"   ratio generated/hand-written: {ratio:F3} (median samples/s); per round: "
                + $"{string.Join(", ", pairedRatios.Select(p => p.ToString("F3", CultureInfo.InvariantCulture)))}");
            Console.WriteLine($"   ratio from median step times (robust to bursts of load): {stepRatio:F3}");
            Console.WriteLine($"   targets: ratio >= 0.97 {(ratio >= 0.97 ? "MET" : "MISSED")}; RSS growth < 10% "
                + $"{(genGrowth < 10 ? "MET" : "MISSED")} for generated, {(handGrowth < 10 ? "MET" : "MISSED")} for hand-written");
            Console.WriteLine();

            if (options.Profile)
            {
                StepProfiler.Run(config, data, Math.Min(steps, config.ProfileSteps), rounds, options.Seed);
            }

            return $"{config.Name}: generated {genMedian:F0} samples/s, hand-written {handMedian:F0} samples/s, ratio {ratio:F3}; "
                + $"RSS growth generated {genGrowth:F1}%, hand-written {handGrowth:F1}%";
        }

        private static RunResult RunOnce(BenchConfig config, BenchData data, string implementation, int round, int mark, int steps, int stepsPerEpoch, long seed)
        {
            // Start every run from the same managed-heap state; finalizers of earlier runs' tensors run here, not mid-run.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var epochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
            var probe = new StepProbe(mark, steps);
            if (implementation == Generated)
            {
                manual_seed(seed);
                using var model = config.CreateGenerated();
                config.FitGenerated(model, data, epochs, seed, new ProbeCallback(probe));
            }
            else
            {
                HandWrittenLoop.Train(config, data, epochs, seed, probe);
            }

            if (!probe.Done)
            {
                throw new InvalidOperationException($"{implementation} stopped before step {steps}.");
            }

            return new RunResult(implementation, round, mark, steps, config.BatchSize, probe);
        }

        private static bool SameInitialWeights(BenchConfig config, long seed)
        {
            manual_seed(seed);
            using var generated = config.CreateGenerated();
            manual_seed(seed);
            using var hand = new HandWrittenLstm(config.Vocabulary, config.EmbeddingDim, config.Hidden, config.Outputs);
            var a = generated.parameters().ToList();
            var b = hand.parameters().ToList();
            return a.Count == b.Count && a.Zip(b).All(p => p.First.shape.SequenceEqual(p.Second.shape) && p.First.allclose(p.Second, rtol: 0, atol: 0));
        }
    }
}
