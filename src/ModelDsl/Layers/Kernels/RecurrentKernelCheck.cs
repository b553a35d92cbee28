using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// Checks one way of calling one kind of fused recurrent kernel (a <see cref="RecurrentKernelVariant"/>) in one element
/// type against float64, and picks the cheapest route that gives the right values.
/// </summary>
internal static class RecurrentKernelCheck
{
    // Hidden sizes 4 (a partial first 32-unit block) and 33 (one unit in a partial block after a full one): libtorch
    // 2.10's oneDNN LSTM inference kernel is wrong exactly when H mod 32 is 1..16, on AVX-512 CPUs.
    private static readonly (int Input, int Units, int Steps, int Batch)[] Shapes = { (3, 4, 5, 3), (5, 33, 4, 3) };

    /// <summary>Whether a kernel of this element type can be checked (float32 and float64); others run fused, unchecked.</summary>
    public static bool Checks(ScalarType dtype) => dtype is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Runs the check for <paramref name="template"/>'s kind; leaves torch's random generator as it found it.</summary>
    /// <exception cref="InvalidOperationException">No route, not even the cell loop, gives the reference values.</exception>
    public static RecurrentKernelVerdict Run(RecurrentLayer template, ScalarType dtype, RecurrentKernelVariant variant, FusedKernelFault? fault)
    {
        var started = Stopwatch.GetTimestamp();
        var tolerance = dtype == ScalarType.Float64 ? 1e-9 : 1e-4;
        using var randomState = get_rng_state();
        var probes = new List<RecurrentKernelProbe>();
        try
        {
            foreach (var (input, units, steps, batch) in Shapes)
            {
                probes.Add(RecurrentKernelProbe.Create(template, input, units, steps, batch, variant.UseBias, dtype));
            }

            var failures = new List<RecurrentKernelFailure>();
            foreach (var route in variant.Candidates)
            {
                var worst = probes.Select(p => (p.DisplayName, Error: p.Error(variant, route, fault))).MaxBy(e => e.Error);
                if (worst.Error <= tolerance)
                {
                    return new RecurrentKernelVerdict(template.KernelKind, dtype, variant, route, failures, Stopwatch.GetElapsedTime(started));
                }

                failures.Add(new RecurrentKernelFailure(route, worst.Error, worst.DisplayName));
            }

            var worstFailure = failures.MaxBy(f => f.Error)!;
            throw new InvalidOperationException(
                $"{template.DisplayName}: no way of computing {worstFailure.ProbeName} (called {variant.Describe()}) matches a float64 reference "
                + $"on this machine, not even ModelDsl's cell loop (largest relative difference {worstFailure.Error:G3}); libtorch's CPU kernels are broken here.");
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }

            // Creating the probes drew their initial weights from torch's generator: put it back.
            set_rng_state(randomState);
        }
    }
}
