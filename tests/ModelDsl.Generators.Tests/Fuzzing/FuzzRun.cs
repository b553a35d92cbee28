using System.Collections.Generic;
using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// The cases of a run, reproducible: case <c>i</c> is generated from its own PCG, seeded from a master PCG with
/// <c>seed</c>. Each case's CsCheck seed string replays (and shrinks) it with <c>FuzzCases.All.Sample(…, seed: s)</c>.
/// </summary>
public static class FuzzRun
{
    public static IEnumerable<(FuzzCase Case, string Seed)> Cases(ulong seed, int count)
    {
        var master = new PCG(1, seed);
        for (var i = 0; i < count; i++)
        {
            var caseSeed = master.Next64();
            var pcg = new PCG(1, caseSeed);
            var replay = pcg.ToString(pcg.State); // CsCheck's seed string holds the generator's state before the case
            yield return (FuzzCases.All.Generate(pcg, null, out _), replay);
        }
    }

    /// <summary>
    /// CsCheck's shrink of a failing case: it replays the case from its seed, then looks for smaller cases that fail
    /// too, and returns the smallest with its seed (or a note when the seed passes now).
    /// </summary>
    /// <param name="fails">Whether a case fails; by default, whether it comes out other than <see cref="FuzzOutcome.Ok"/>.</param>
    public static string Shrink(string seed, int tries = 200, System.Func<FuzzCase, bool>? fails = null)
    {
        fails ??= c => FuzzCompiler.Run(c).Classify(c) != FuzzOutcome.Ok;
        try
        {
            FuzzCases.All.Sample(c => !fails(c), seed: seed, iter: tries, threads: 1, print: c => c.ToString());
            return $"(seed {seed} passes when replayed)";
        }
        catch (System.Exception shrunk)
        {
            return shrunk.Message;
        }
    }
}
