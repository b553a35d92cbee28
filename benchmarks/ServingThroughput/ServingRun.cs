using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace ServingThroughput;

/// <summary>
/// One measured run: <see cref="Calls"/> calls of one engine at one batch size over the prepared batches in turn,
/// timed as a whole (reviews per second) and call by call (the median call hardly moves with bursts of other load).
/// </summary>
internal static class ServingRun
{
    public static (double ReviewsPerSecond, double MedianCallMs) Measure(Engine engine, IReadOnlyList<long[]> batches, int batchSize, int calls)
    {
        var output = new float[batchSize];
        var durations = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            engine.Predict(batches[i % batches.Count], batchSize, output);
            durations[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        total.Stop();
        return (calls * (double)batchSize / total.Elapsed.TotalSeconds, Median(durations));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
