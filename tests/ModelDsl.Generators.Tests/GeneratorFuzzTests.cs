using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using ModelDsl.Generators.Tests.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Random valid and mutated sequential and graph declarations through the generator in process. Every outcome
/// must be <see cref="FuzzOutcome.Ok"/>: no crash, no output that fails to compile without an MDSL error, no
/// cascade, no false error, the right id for each mutation. A fixed seed keeps CI repeatable; the soak
/// (benchmarks/GeneratorFuzz) runs the same cases in the tens of thousands.
/// </summary>
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    /// <summary>Cases per CI run: a few hundred, well under a minute on a shared 2-core machine.</summary>
    private const int Cases = 300;

    private const ulong Seed = 20261205;

    [Fact]
    public void RandomDeclarations_AllComeOutOk()
    {
        var counts = new Dictionary<FuzzOutcome, int>();
        var failures = new List<string>();
        string? firstFailingSeed = null;
        foreach (var (fuzzCase, seed) in FuzzRun.Cases(Seed, Cases))
        {
            var result = FuzzCompiler.Run(fuzzCase);
            var outcome = result.Classify(fuzzCase);
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            if (outcome != FuzzOutcome.Ok && failures.Count < 8)
            {
                firstFailingSeed ??= seed;
                failures.Add($"{outcome} (seed {seed}): {fuzzCase}\n{result.Describe()}");
            }
        }

        output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        Assert.True(failures.Count == 0, $"Shrunk: {(firstFailingSeed is null ? "" : FuzzRun.Shrink(firstFailingSeed))}\n\n" + string.Join("\n\n==========\n\n", failures));
        Assert.Equal(Cases, counts.GetValueOrDefault(FuzzOutcome.Ok));
    }

    [Fact]
    public void EachCaseSeed_ReplaysThatCase()
    {
        foreach (var (fuzzCase, seed) in FuzzRun.Cases(Seed, 20))
        {
            var replayed = FuzzCases.All.Generate(PCG.Parse(seed), null, out _);
            Assert.Equal(fuzzCase.ToString(), replayed.ToString());
        }
    }

    [Fact]
    public void Shrink_ReportsTheSmallestFailingCaseWithItsSeed()
    {
        var (_, seed) = FuzzRun.Cases(Seed, 1).Single();
        var shrunk = FuzzRun.Shrink(seed, tries: 3, fails: _ => true);

        Assert.Contains("seed", shrunk, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("using ModelDsl;", shrunk, StringComparison.Ordinal);
    }

    [Fact]
    public void Classification_TellsEachKindOfFailureApart()
    {
        var valid = FuzzCompiler.Run(FuzzCase.Valid("valid", "using ModelDsl;\n[Model] [Input(4, DType = \"float32\")] [Dense(1)] public partial class Ok;"));
        var silentlyIgnored = FuzzCase.Expecting("MDSL0012", "expects an error", "using ModelDsl;\n[Model] [Input(4, DType = \"float32\")] [Dense(1)] public partial class Ok;");
        var broken = FuzzCompiler.Run(FuzzCase.Valid("broken C#", "using ModelDsl;\n[Model] [Input(4, DType = \"float32\")] [Dense(1)] public partial class Ok { int x = \"text\"; }"));
        var reported = FuzzCompiler.Run(FuzzCase.Valid("error", "using ModelDsl;\n[Model] [Input(4, DType = \"float32\")] [Dense(0)] public partial class Bad;"));
        var reportedAndBroken = FuzzCompiler.Run(FuzzCase.Valid("error and broken C#", "using ModelDsl;\n[Model] [Input(4, DType = \"float32\")] [Dense(0)] public partial class Bad { int x = \"text\"; }"));

        Assert.Equal(FuzzOutcome.Ok, valid.Classify(FuzzCase.Valid("valid")));
        Assert.Equal(FuzzOutcome.Silent, valid.Classify(silentlyIgnored));
        Assert.Equal(FuzzOutcome.Uncompilable, broken.Classify(FuzzCase.Valid("broken")));
        Assert.Equal(FuzzOutcome.FalseError, reported.Classify(FuzzCase.Valid("error")));
        Assert.Equal(FuzzOutcome.MissedId, reported.Classify(FuzzCase.Expecting("MDSL0013", "wrong id")));
        Assert.Equal(FuzzOutcome.Ok, reported.Classify(FuzzCase.Expecting("MDSL0012", "right id")));
        Assert.Equal(FuzzOutcome.Cascade, reportedAndBroken.Classify(FuzzCase.Expecting("MDSL0012", "cascade")));
        Assert.Equal(FuzzOutcome.Crash, (valid with { GeneratorException = new InvalidOperationException() }).Classify(FuzzCase.Valid("crash")));
    }
}
