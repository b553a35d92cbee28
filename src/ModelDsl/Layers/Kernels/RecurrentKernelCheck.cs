using System;
using System.Collections.Generic;
using System.Diagnostics;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// Checks one way of calling a layer's fused kernel (a <see cref="RecurrentKernelVariant"/>, at the layer's own sizes and
/// weights, in one element type) against float64, and picks the cheapest route that gives the right values.
/// </summary>
internal static class RecurrentKernelCheck
{
    /// <summary>Whether a kernel of this element type can be checked (float32 and float64); others run fused, unchecked.</summary>
    public static bool Checks(ScalarType dtype) => dtype is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Runs the check on <paramref name="layer"/> itself, which it only reads.</summary>
    /// <exception cref="InvalidOperationException">No route, not even the cell loop, gives the reference values.</exception>
    public static RecurrentKernelVerdict Run(RecurrentLayer layer, ScalarType dtype, RecurrentKernelVariant variant, FusedKernelFault? fault)
    {
        var started = Stopwatch.GetTimestamp();
        var tolerance = dtype == ScalarType.Float64 ? 1e-9 : 1e-4;
        using var probe = new RecurrentKernelProbe(layer, dtype);
        var failures = new List<RecurrentKernelFailure>();
        foreach (var route in variant.CandidatesFor(layer.KernelKind, dtype))
        {
            var error = probe.Error(variant, route, fault);
            if (error <= tolerance)
            {
                return new RecurrentKernelVerdict(layer.KernelKind, dtype, variant, route, failures, Stopwatch.GetElapsedTime(started));
            }

            failures.Add(new RecurrentKernelFailure(route, error, layer.DisplayName));
        }

        throw new InvalidOperationException(
            $"{layer.DisplayName}: no way of computing it (called {variant.Describe()}) matches a float64 reference on this machine, "
            + $"not even ModelDsl's cell loop (relative differences {string.Join(", ", failures.ConvertAll(f => $"{f.Route} {f.Error:G3}"))}); "
            + "libtorch's CPU kernels are broken here.");
    }
}
