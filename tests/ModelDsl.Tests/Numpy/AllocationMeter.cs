using System;

namespace ModelDsl.Tests.Numpy;

/// <summary>
/// Measures the managed bytes an action allocates on the calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>),
/// including what it allocated before it threw.
/// </summary>
public static class AllocationMeter
{
    /// <summary>Runs <paramref name="action"/>; returns what it threw (or <c>null</c>) and the bytes it allocated.</summary>
    public static (Exception? Error, long AllocatedBytes) Measure(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            action();
        }
        catch (Exception e)
        {
            error = e;
        }

        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
