using System;
using System.Collections.Concurrent;
using System.Threading;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// Chooses how each recurrent layer call computes its steps. Under the default <see cref="RecurrentKernelSetting.Auto"/>,
/// the first call of each kernel configuration (kind, input and hidden size, element type, bias, gradient mode, packing,
/// initial state)
/// in the process runs <see cref="RecurrentKernelCheck"/> on the calling layer (a few milliseconds), prints one line if
/// the fused kernel is wrong there, and from then on every such call is one dictionary look-up.
/// </summary>
/// <remarks>
/// Why: libtorch 2.10 sends float32 <c>nn.LSTM</c> calls without gradients to oneDNN's AVX-512 inference kernel, which
/// drops weight columns when the hidden size mod 32 is 1..16 (docs/kernel-check.md). Nothing in ModelDsl's formulas is
/// at fault and nothing fails loudly, so the values themselves are checked.
/// </remarks>
internal sealed class RecurrentKernelGuard
{
    private static readonly Lazy<RecurrentKernelGuard> ProcessWide = new(
        () => new RecurrentKernelGuard(RecurrentKernelSettings.FromEnvironment(), fault: null, report: line => Console.Error.WriteLine(line)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly AsyncLocal<RecurrentKernelGuard?> Scoped = new();

    private readonly ConcurrentDictionary<(RecurrentKernelKind Kind, long InputSize, long Units, ScalarType DType, RecurrentKernelVariant Variant), Lazy<RecurrentKernelVerdict>> _verdicts = new();
    private readonly Action<string> _report;

    // Every call's route when the setting (or a benchmark) forces one; null under auto, which checks.
    private readonly RecurrentKernelRoute? _fixedRoute;
    private int _checksRun;

    internal RecurrentKernelGuard(RecurrentKernelSetting setting, FusedKernelFault? fault, Action<string> report)
        : this(FixedRouteOf(setting), fault, report)
    {
    }

    private RecurrentKernelGuard(RecurrentKernelRoute? fixedRoute, FusedKernelFault? fault, Action<string> report)
    {
        _fixedRoute = fixedRoute;
        Fault = fault;
        _report = report;
    }

    /// <summary>
    /// The guard in force: the process's (configured by <c>MODELDSL_RNN_KERNEL</c>), or one installed by <see cref="Use"/>
    /// for the current async flow.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>MODELDSL_RNN_KERNEL</c> holds something other than auto, fused or loop.</exception>
    public static RecurrentKernelGuard Current => Scoped.Value ?? ProcessWide.Value;

    /// <summary>A deliberately wrong kernel, for tests; <c>null</c> in normal use.</summary>
    public FusedKernelFault? Fault { get; }

    /// <summary>How many kernel checks this guard has run (at most one per kernel configuration).</summary>
    public int ChecksRun => _checksRun;

    /// <summary>A guard that sends every call to <paramref name="route"/> without checking, for benchmarks that price each route.</summary>
    public static RecurrentKernelGuard Fixed(RecurrentKernelRoute route) => new(route, fault: null, report: _ => { });

    /// <summary>Makes <paramref name="guard"/> the <see cref="Current"/> one for this async flow until the result is disposed.</summary>
    public static IDisposable Use(RecurrentKernelGuard guard)
    {
        var previous = Scoped.Value;
        Scoped.Value = guard;
        return new Restore(previous);
    }

    /// <summary>The route for a call of <paramref name="layer"/> on <paramref name="dtype"/> input of <paramref name="steps"/> steps under the current gradient mode.</summary>
    public RecurrentKernelRoute RouteFor(RecurrentLayer layer, ScalarType dtype, bool packed, bool initialState = false, long steps = 0)
    {
        if (_fixedRoute is { } route)
        {
            return route;
        }

        return VerdictFor(layer, dtype, RecurrentKernelVariant.Of(layer, packed, initialState, steps)).Route;
    }

    /// <summary>The verdict for a layer of <paramref name="layer"/>'s kind and sizes called as <paramref name="variant"/> on <paramref name="dtype"/>, checking on first use.</summary>
    public RecurrentKernelVerdict VerdictFor(RecurrentLayer layer, ScalarType dtype, RecurrentKernelVariant variant)
    {
        var key = (layer.KernelKind, layer.InputSize, layer.Units, dtype, variant);
        if (_verdicts.TryGetValue(key, out var known))
        {
            return known.Value;
        }

        return _verdicts.GetOrAdd(key, k => new Lazy<RecurrentKernelVerdict>(() => Check(layer, k.DType, k.Variant), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private RecurrentKernelVerdict Check(RecurrentLayer layer, ScalarType dtype, RecurrentKernelVariant variant)
    {
        if (!RecurrentKernelCheck.Checks(dtype))
        {
            return RecurrentKernelVerdict.Unchecked(layer.KernelKind, dtype, variant, RecurrentKernelRoute.Fused);
        }

        Interlocked.Increment(ref _checksRun);
        var verdict = RecurrentKernelCheck.Run(layer, dtype, variant, Fault);
        if (verdict.Report() is { } line)
        {
            _report(line);
        }

        return verdict;
    }

    private static RecurrentKernelRoute? FixedRouteOf(RecurrentKernelSetting setting) => setting switch
    {
        RecurrentKernelSetting.Fused => RecurrentKernelRoute.Fused,
        RecurrentKernelSetting.Loop => RecurrentKernelRoute.CellLoop,
        _ => null,
    };

    private sealed class Restore(RecurrentKernelGuard? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
