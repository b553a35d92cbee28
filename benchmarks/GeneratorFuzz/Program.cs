// Runs the generator fuzzer's cases in the tens of thousands and prints how each kind came out, with the first
// failures of each outcome (their CsCheck seed replays them) and CsCheck's shrink of the first one.
// Usage: GeneratorFuzz [cases] [seed] [threads]
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using ModelDsl.Generators.Tests.Fuzzing;

var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var seed = args.Length > 1 ? ulong.Parse(args[1], CultureInfo.InvariantCulture) : 20261205UL;
var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;

var outcomes = new ConcurrentDictionary<FuzzOutcome, int>();
var kinds = new ConcurrentDictionary<string, int>();
var failures = new ConcurrentDictionary<FuzzOutcome, ConcurrentQueue<string>>();
var firstSeeds = new ConcurrentDictionary<FuzzOutcome, string>();
var clock = Stopwatch.StartNew();
var done = 0;
Parallel.ForEach(
    FuzzRun.Cases(seed, cases),
    new ParallelOptions { MaxDegreeOfParallelism = threads },
    item =>
    {
        var (fuzzCase, caseSeed) = item;
        FuzzOutcome outcome;
        string detail;
        try
        {
            var result = FuzzCompiler.Run(fuzzCase);
            outcome = result.Classify(fuzzCase);
            detail = result.Describe();
        }
        catch (Exception exception)
        {
            outcome = FuzzOutcome.Crash; // the harness itself failing counts as a crash: it must not
            detail = exception.ToString();
        }

        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        kinds.AddOrUpdate(Category(fuzzCase.Kind), 1, (_, n) => n + 1);
        if (outcome != FuzzOutcome.Ok)
        {
            firstSeeds.TryAdd(outcome, caseSeed);
            var queue = failures.GetOrAdd(outcome, _ => new ConcurrentQueue<string>());
            if (queue.Count < 3)
            {
                queue.Enqueue($"seed {caseSeed}: {fuzzCase}\n{detail}");
            }
        }

        if (System.Threading.Interlocked.Increment(ref done) % 1000 == 0)
        {
            Console.Error.WriteLine($"{done:N0} / {cases:N0} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    });

Console.WriteLine($"Generator fuzz: {cases:N0} declarations, seed {seed}, {threads} threads, {clock.Elapsed.TotalSeconds:F0} s");
Console.WriteLine();
Console.WriteLine("Outcome        Count");
foreach (var outcome in Enum.GetValues<FuzzOutcome>())
{
    Console.WriteLine($"{outcome,-14} {outcomes.GetValueOrDefault(outcome),6:N0}");
}

Console.WriteLine();
Console.WriteLine("Declarations by kind:");
foreach (var (kind, count) in kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {kind,-20} {count,6:N0}");
}

foreach (var (outcome, queue) in failures)
{
    foreach (var failure in queue)
    {
        Console.WriteLine();
        Console.WriteLine($"=== {outcome} ===");
        Console.WriteLine(failure);
    }
}

foreach (var (outcome, caseSeed) in firstSeeds)
{
    Console.WriteLine();
    Console.WriteLine($"=== {outcome}, shrunk ===");
    Console.WriteLine(FuzzRun.Shrink(caseSeed));
}

return outcomes.Keys.All(o => o == FuzzOutcome.Ok) ? 0 : 1;

// "sequential: not partial" -> "sequential, mutated"; "graph: valid" -> "graph, valid"
static string Category(string kind) =>
    kind.StartsWith("two models", StringComparison.Ordinal) ? "case twins"
    : $"{kind.Split(':')[0]}, {(kind.EndsWith(": valid", StringComparison.Ordinal) ? "valid" : "mutated")}";
