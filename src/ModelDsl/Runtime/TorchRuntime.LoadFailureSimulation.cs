using System;
using System.Threading;

namespace ModelDsl.Runtime;

/// <summary>
/// The test seam of <see cref="TorchRuntime.EnsureLoaded"/>: makes it fail as on a machine where libLibTorchSharp
/// cannot be loaded, for the current asynchronous flow only, so tests running in parallel are unaffected.
/// </summary>
public static partial class TorchRuntime
{
    private static readonly AsyncLocal<LoadFailure?> Simulation = new();

    private static LoadFailure? SimulatedFailure => Simulation.Value;

    /// <summary>
    /// Until the returned scope is disposed, every <see cref="EnsureLoaded"/> on this asynchronous flow (and the flows it
    /// starts) fails: TorchSharp is taken to have thrown <paramref name="torchError"/>, and the dynamic loader to have
    /// answered <paramref name="loaderMessage"/> for libLibTorchSharp.so (<c>null</c>: the library itself loads). The
    /// answer goes through the same diagnosis as a real failure, so the exception carries the real explanation.
    /// </summary>
    internal static IDisposable SimulateLoadFailure(Exception torchError, string? loaderMessage)
    {
        ArgumentNullException.ThrowIfNull(torchError);
        var scope = new SimulationScope(Simulation.Value);
        Simulation.Value = new LoadFailure(torchError, loaderMessage);
        return scope;
    }

    private sealed record LoadFailure(Exception TorchError, string? LoaderMessage);

    /// <summary>Restores the simulation that was in force before it (usually none).</summary>
    private sealed class SimulationScope(LoadFailure? previous) : IDisposable
    {
        public void Dispose() => Simulation.Value = previous;
    }
}
