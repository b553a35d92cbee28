using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelDsl.Runtime;
using ModelDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>One benchmarked architecture and how to build and <c>Fit</c> its generated model.</summary>
internal sealed record BenchConfig(
    string Name,
    string Description,
    int SequenceLength,
    long Vocabulary,
    long EmbeddingDim,
    long Hidden,
    long Outputs,
    string Loss,
    int BatchSize,
    int DefaultSteps,
    int DefaultRounds,
    int QuickSteps,
    int ProfileSteps,
    InputSignature Signature,
    Func<nn.Module<Tensor, Tensor>> CreateGenerated,
    Func<nn.Module<Tensor, Tensor>, BenchData, int, long, Callback, History> FitGenerated,
    Func<nn.Module<Tensor, Tensor>, Tensor, Tensor> PredictGenerated)
{
    /// <summary>A recurrent layer of the config's kind at the given input and hidden size (<c>--kernel-guard</c> times its check).</summary>
    public Func<long, long, ModelDsl.Layers.RecurrentLayer> CreateLayer { get; init; } = (input, hidden) => new ModelDsl.Layers.LSTM(input, hidden);
}

/// <summary>Synthetic token ids and labels drawn once per configuration from a fixed seed.</summary>
internal sealed class BenchData : IDisposable
{
    public BenchData(BenchConfig config, long rows, long seed)
        : this(config.Vocabulary, config.SequenceLength, config.Outputs, rows, seed)
    {
    }

    /// <summary><paramref name="rows"/> rows of <paramref name="sequenceLength"/> ids below <paramref name="vocabulary"/>, and 0/1 labels (one output) or class ids.</summary>
    public BenchData(long vocabulary, int sequenceLength, long outputs, long rows, long seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        X = randint(0, vocabulary, new[] { rows, (long)sequenceLength }, dtype: ScalarType.Int64, generator: generator);
        Y = outputs == 1
            ? randint(0, 2, new[] { rows, 1L }, dtype: ScalarType.Float32, generator: generator)   // [N, 1] 0/1
            : randint(0, outputs, new[] { rows }, dtype: ScalarType.Int64, generator: generator);  // [N] class ids
    }

    public Tensor X { get; }

    public Tensor Y { get; }

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}

/// <summary>
/// Called after every training step (by the hand-written loop directly, by <see cref="ProbeCallback"/> for
/// <c>Fit</c>): takes the clock after every step from the marked one on, the resident set size at the marked step,
/// every <see cref="RssEvery"/> steps and at the last step, and says when to stop.
/// </summary>
internal sealed class StepProbe
{
    public const int RssEvery = 500;

    private static readonly Process Self = Process.GetCurrentProcess();
    private readonly long[] _stamps;
    private TimeSpan _markPause;
    private TimeSpan _lastPause;

    public StepProbe(int markStep, int lastStep)
    {
        MarkStep = markStep;
        LastStep = lastStep;
        _stamps = new long[lastStep - markStep + 1];
    }

    /// <summary>The step after which timing starts and the first RSS sample is taken (warm-up steps end here).</summary>
    public int MarkStep { get; }

    /// <summary>The last step of the run.</summary>
    public int LastStep { get; }

    public long MarkTimestamp => _stamps[0];

    public long LastTimestamp => _stamps[^1];

    public long MarkRss { get; private set; }

    public long LastRss { get; private set; }

    /// <summary>The largest RSS sampled from the marked step on.</summary>
    public long PeakRss { get; private set; }

    /// <summary>Whether the run is over.</summary>
    public bool Done { get; private set; }

    /// <summary>TorchSharp tensor wrappers alive (created, not yet disposed or finalized) at the marked and the last step.</summary>
    public long MarkLiveTensors { get; private set; }

    public long LastLiveTensors { get; private set; }

    /// <summary>Gen-0 garbage collections so far at the marked and the last step.</summary>
    public int MarkCollections { get; private set; }

    public int LastCollections { get; private set; }

    /// <summary>Time the .NET garbage collector paused the process between the marked and the last step.</summary>
    public TimeSpan GcPause => _lastPause - _markPause;

    /// <summary>Records after <paramref name="completedSteps"/> steps (1-based count of steps done so far).</summary>
    public void OnStep(int completedSteps)
    {
        if (completedSteps < MarkStep)
        {
            return;
        }

        if (completedSteps == MarkStep)
        {
            MarkRss = Rss();   // before the clock starts, so the read is not timed
            PeakRss = MarkRss;
            MarkLiveTensors = torch.Tensor.TotalCount;
            MarkCollections = GC.CollectionCount(0);
            _markPause = GC.GetTotalPauseDuration();
            _stamps[0] = Stopwatch.GetTimestamp();
            return;
        }

        _stamps[completedSteps - MarkStep] = Stopwatch.GetTimestamp();
        if (completedSteps >= LastStep)
        {
            LastLiveTensors = torch.Tensor.TotalCount;
            LastCollections = GC.CollectionCount(0);
            _lastPause = GC.GetTotalPauseDuration();
            LastRss = Rss();
            PeakRss = Math.Max(PeakRss, LastRss);
            Done = true;
        }
        else if ((completedSteps - MarkStep) % RssEvery == 0)
        {
            PeakRss = Math.Max(PeakRss, Rss());
        }
    }

    /// <summary>The duration of every timed step (from the end of the step before to the end of this one), in milliseconds.</summary>
    public double[] StepMilliseconds() =>
        Enumerable.Range(1, _stamps.Length - 1).Select(i => Stopwatch.GetElapsedTime(_stamps[i - 1], _stamps[i]).TotalMilliseconds).ToArray();

    public static long Rss()
    {
        Self.Refresh();
        return Self.WorkingSet64;
    }
}

/// <summary>Feeds <see cref="StepProbe"/> from the generated <c>Fit</c> and stops it after the last step.</summary>
internal sealed class ProbeCallback : Callback
{
    private readonly StepProbe _probe;
    private int _epochBase;

    public ProbeCallback(StepProbe probe) => _probe = probe;

    public override void OnEpochBegin(TrainingContext context, int epoch) =>
        _epochBase = (epoch - context.InitialEpoch) * context.StepsPerEpoch;

    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
        _probe.OnStep(_epochBase + batch + 1);
        if (_probe.Done)
        {
            context.StopTraining = true;
        }
    }
}

/// <summary>What one measured run produced.</summary>
internal sealed record RunResult(string Implementation, int Round, int MarkStep, int LastStep, int BatchSize, StepProbe Probe)
{
    public double Seconds => Stopwatch.GetElapsedTime(Probe.MarkTimestamp, Probe.LastTimestamp).TotalSeconds;

    public double SamplesPerSecond => (double)(LastStep - MarkStep) * BatchSize / Seconds;

    public double MillisecondsPerStep => Seconds * 1000 / (LastStep - MarkStep);

    public double RssGrowthPercent => 100.0 * (Probe.LastRss - Probe.MarkRss) / Probe.MarkRss;

    /// <summary>
    /// The median step time: unlike the run's mean, hardly moved by bursts of load from other processes as long as
    /// they cover less than half of the steps.
    /// </summary>
    public double MedianStepMilliseconds { get; } = Stats.Median(Probe.StepMilliseconds());
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);
}
