using ModelDsl.Runtime;
using ModelDsl.Training;
using TorchSharp;

namespace ModelDsl;

/// <summary>
/// One seed for everything random in ModelDsl, as Keras's <c>keras.utils.set_random_seed(42)</c>: call
/// <see cref="Set"/> once at the start of a program and two runs of it on the same machine build the same initial
/// weights and train to the same history.
/// </summary>
/// <example>
/// <code>
/// RandomSeed.Set(42);
/// using var model = new ImdbLstm();                  // the same initial weights in every run
/// History history = model.Fit(x, y, epochs: 3);     // the same batches, dropout masks and losses
/// </code>
/// </example>
/// <remarks>
/// The seed is process-wide, like torch's global generator it seeds: models built on several threads at once draw
/// from it in whatever order the threads run.
/// </remarks>
public static class RandomSeed
{
    private static readonly object Gate = new();
    private static long? _seed;
    private static long _fitsSinceSet;

    /// <summary>The seed last given to <see cref="Set"/>, or <c>null</c> when it has not been called.</summary>
    public static long? Current
    {
        get
        {
            lock (Gate)
            {
                return _seed;
            }
        }
    }

    /// <summary>
    /// Seeds torch's global generator with <paramref name="seed"/> (<c>torch.manual_seed</c>), which the constructors
    /// of models and layers draw their initial weights from (Keras's initializers and TorchSharp's alike) and dropout
    /// its masks; and starts a sequence of seeds derived from <paramref name="seed"/> that every later <c>Fit</c>
    /// without a seed of its own takes the next of, for its shuffle order and dropout masks. A <c>Fit</c> given a seed
    /// uses that one and leaves the sequence alone.
    /// </summary>
    /// <param name="seed">Any whole number; the same number gives the same run.</param>
    /// <exception cref="TorchNativeLoadException">TorchSharp's native library cannot be loaded.</exception>
    public static void Set(long seed)
    {
        TorchRuntime.EnsureLoaded();
        lock (Gate)
        {
            torch.manual_seed(seed);
            _seed = seed;
            _fitsSinceSet = 0;
        }
    }

    /// <summary>Forgets the seed, so that <c>Fit</c> without one is random again (torch's generator keeps its state); for tests.</summary>
    internal static void Clear()
    {
        lock (Gate)
        {
            _seed = null;
            _fitsSinceSet = 0;
        }
    }

    /// <summary>The seed of the next <c>Fit</c> that was given none: the next of the sequence <see cref="Set"/> started, or <c>null</c>.</summary>
    internal static long? NextFitSeed()
    {
        lock (Gate)
        {
            return _seed is { } seed ? SeedDerivation.Derive(seed, _fitsSinceSet++) : null;
        }
    }
}
