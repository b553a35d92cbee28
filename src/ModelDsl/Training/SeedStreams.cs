using System;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// The random streams of one <c>Fit</c> call, each a function of the run's seed and the epoch index only: the shuffle
/// order (a generator of its own) and, when the seed is fixed, torch's global generator that dropout draws from. So
/// a run resumed at epoch <c>k</c> with the same seed continues exactly as the uninterrupted one.
/// </summary>
internal sealed class SeedStreams : IDisposable
{
    private const int ShuffleStream = 0;
    private const int DropoutStream = 1;

    private readonly long _seed;
    private readonly bool _fixed;
    private readonly Generator _shuffle;

    private SeedStreams(long seed, bool isFixed)
    {
        _seed = seed;
        _fixed = isFixed;
        _shuffle = new Generator((ulong)Derive(seed, 0, ShuffleStream), CPU);
    }

    /// <summary>
    /// The streams of a fit given <paramref name="seed"/>: without a seed of its own, a run after
    /// <see cref="RandomSeed.Set"/> takes the next seed of that sequence and repeats as exactly as a seeded one;
    /// otherwise its order and dropout masks are fresh every call.
    /// </summary>
    public static SeedStreams ForFit(long? seed)
    {
        var fixedSeed = seed ?? RandomSeed.NextFitSeed();
        return new SeedStreams(fixedSeed ?? Random.Shared.NextInt64(), fixedSeed is not null);
    }

    /// <summary>With a fixed seed, seeds torch's global generator (dropout's masks) for <paramref name="epoch"/>; otherwise nothing.</summary>
    public void SeedDropout(int epoch)
    {
        if (_fixed)
        {
            manual_seed(Derive(_seed, epoch, DropoutStream));
        }
    }

    /// <summary>The row order of <paramref name="epoch"/>: a permutation of <c>0 … samples − 1</c>, which the caller disposes.</summary>
    public Tensor ShuffleOrder(int epoch, long samples)
    {
        _shuffle.manual_seed(Derive(_seed, epoch, ShuffleStream));
        return randperm(samples, generator: _shuffle);
    }

    public void Dispose() => _shuffle.Dispose();

    /// <summary>A seed for one epoch and purpose that depends only on the run's seed and the epoch index.</summary>
    private static long Derive(long seed, int epoch, int stream) => SeedDerivation.Derive(seed, (2L * epoch) + stream);
}
