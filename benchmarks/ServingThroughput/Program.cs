using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using ModelDsl;
using ModelDsl.Runtime;
using ServingThroughput;
using TorchSharp;
using static TorchSharp.torch;

// Serving throughput of the IMDB LSTM: its generated Predict (TorchSharp) against the same weights exported with
// ExportOnnx and run by ONNX Runtime, batch 1 and batch 256, reviews per second. See benchmarks/README.md.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var rounds = 5;
var singleCalls = 3000;
var batchCalls = 60;
int? threads = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--single-calls": singleCalls = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--batch-calls": batchCalls = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--quick": rounds = 2; singleCalls = 300; batchCalls = 6; break;
        default:
            Console.Error.WriteLine("usage: ServingThroughput [--rounds R] [--single-calls N] [--batch-calls N] [--threads T] [--quick]");
            return 2;
    }
}

const int Length = 40;
const int Large = 256;
TorchRuntime.EnsureLoaded();
if (threads is { } count)
{
    // Both engines get the same number of compute threads.
    set_num_threads(count);
}

RandomSeed.Set(20261205);
using var model = new ImdbServing();
var onnxPath = Path.Combine(Path.GetTempPath(), $"serving-throughput-{Environment.ProcessId}.onnx");
model.ExportOnnx(onnxPath);

using var sessionOptions = new SessionOptions { IntraOpNumThreads = get_num_threads(), InterOpNumThreads = 1 };
using var session = new InferenceSession(onnxPath, sessionOptions);
File.Delete(onnxPath);
var inputName = session.InputNames.Single();
using var runOptions = new RunOptions();

// 16 batches of 256 reviews, token ids 1..9999 (no padding: the model has no mask), from a fixed seed.
var random = new Random(20261205);
var batches = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, Large * Length).Select(_ => (long)random.Next(1, 10000)).ToArray()).ToList();
var singles = batches.SelectMany(b => Enumerable.Range(0, Large).Select(r => b.AsSpan(r * Length, Length).ToArray())).Take(512).ToList();

var torchEngine = new Engine("TorchSharp Predict", (ids, rows, output) =>
{
    using var scope = NewDisposeScope();
    var x = tensor(ids, new long[] { rows, Length });
    var y = model.Predict(x, batchSize: rows);
    y.data<float>().CopyTo(output.AsSpan(0, rows));
});
var onnxEngine = new Engine("ONNX Runtime", (ids, rows, output) =>
{
    using var x = OrtValue.CreateTensorValueFromMemory(ids, new long[] { rows, Length });
    using var results = session.Run(runOptions, new[] { inputName }, new[] { x }, session.OutputNames);
    results[0].GetTensorDataAsSpan<float>().CopyTo(output.AsSpan(0, rows));
});

// The two agree before anything is timed.
var fromTorch = new float[Large];
var fromOnnx = new float[Large];
torchEngine.Predict(batches[0], Large, fromTorch);
onnxEngine.Predict(batches[0], Large, fromOnnx);
var difference = fromTorch.Zip(fromOnnx, (a, b) => Math.Abs(a - b)).Max();

Console.WriteLine("ModelDsl serving throughput: IMDB LSTM (Input 40 -> Embedding 10000x128 -> LSTM 32 -> Dense 1 sigmoid)");
Console.WriteLine($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");
Console.WriteLine($"  TorchSharp {typeof(torch).Assembly.GetName().Version}, torch threads {get_num_threads()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}, intra-op threads {sessionOptions.IntraOpNumThreads}");
Console.WriteLine($"  largest |ONNX Runtime - TorchSharp| over 256 reviews: {difference:E2}");
Console.WriteLine($"  {rounds} rounds; per round and engine: {singleCalls} calls of batch 1, {batchCalls} calls of batch {Large}; order alternates by round");
var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
Console.WriteLine($"  load average before: {loadBefore}");

// Warm-up: JIT, libtorch and ONNX Runtime kernels, allocators.
foreach (var engine in new[] { torchEngine, onnxEngine })
{
    ServingRun.Measure(engine, singles, 1, Math.Min(200, singleCalls));
    ServingRun.Measure(engine, batches, Large, Math.Min(4, batchCalls));
}

var results = new Dictionary<(string Engine, int Batch), List<(double Rate, double Ms)>>();
for (var round = 1; round <= rounds; round++)
{
    var order = round % 2 == 1 ? new[] { torchEngine, onnxEngine } : new[] { onnxEngine, torchEngine };
    foreach (var (batch, calls, data) in new[] { (1, singleCalls, singles), (Large, batchCalls, batches) })
    {
        foreach (var engine in order)
        {
            GC.Collect();
            var measured = ServingRun.Measure(engine, data, batch, calls);
            var key = (engine.Name, batch);
            if (!results.TryGetValue(key, out var list))
            {
                results[key] = list = new List<(double, double)>();
            }

            list.Add(measured);
            Console.WriteLine($"  round {round}, batch {batch,3}, {engine.Name,-18}: {measured.ReviewsPerSecond,10:N0} reviews/s, median call {measured.MedianCallMs:F3} ms");
        }
    }
}

var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
Console.WriteLine($"  load average after: {loadAfter}");
Console.WriteLine();
Console.WriteLine("| batch | engine | reviews/s (median of rounds) | median call (ms) | runs (reviews/s) |");
Console.WriteLine("|------:|--------|-----------------------------:|-----------------:|------------------|");
foreach (var batch in new[] { 1, Large })
{
    foreach (var engine in new[] { torchEngine, onnxEngine })
    {
        var runs = results[(engine.Name, batch)];
        Console.WriteLine($"| {batch} | {engine.Name} | {ServingRun.Median(runs.Select(r => r.Rate)):N0} | {ServingRun.Median(runs.Select(r => r.Ms)):F3} | {string.Join(", ", runs.Select(r => r.Rate.ToString("N0", CultureInfo.InvariantCulture)))} |");
    }
}

foreach (var batch in new[] { 1, Large })
{
    var ratio = ServingRun.Median(results[(onnxEngine.Name, batch)].Select(r => r.Rate)) / ServingRun.Median(results[(torchEngine.Name, batch)].Select(r => r.Rate));
    Console.WriteLine($"batch {batch}: ONNX Runtime / TorchSharp = {ratio:F2}x");
}

return 0;
