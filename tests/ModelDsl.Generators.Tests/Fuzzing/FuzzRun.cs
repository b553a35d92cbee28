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
            yield return (FuzzCases.All.Generate(pcg, null, out _), pcg.ToString(caseSeed));
        }
    }
}
