namespace ModelDsl.Training;

/// <summary>
/// Seeds derived from one seed and an index (SplitMix64): well spread, and a function of the two numbers only, so
/// a run that knows its seed can recreate any of them, e.g. the shuffle order of epoch 3 when resuming there.
/// </summary>
internal static class SeedDerivation
{
    /// <summary>The <paramref name="index"/>-th seed derived from <paramref name="seed"/>, from 0 to <see cref="long.MaxValue"/>.</summary>
    public static long Derive(long seed, long index)
    {
        unchecked
        {
            var z = (ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)(index + 1));
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (long)(z & 0x7FFF_FFFF_FFFF_FFFFUL);
        }
    }
}
