using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>
/// <c>--layer-routes</c>: one recurrent layer alone at the peer models' shapes (40 steps of 128 features, 32 units), timed per
/// kernel route: forward + backward at batch 32 (a training step's share) and forward without gradients at batch 1, 32 and 256.
/// The routes alternate call by call, so load from other processes hits them alike; medians of many calls.
/// </summary>
internal static class LayerRoutes
{
    private static readonly RecurrentKernelRoute[] Routes = { RecurrentKernelRoute.Fused, RecurrentKernelRoute.ManagedRecurrence };

    public static void Run(int repeats)
    {
        Console.WriteLine($"   one layer, 40 steps x 128 features -> 32 units; median ms over {repeats} alternated calls per route");
        Console.WriteLine($"   {"layer",-16} {"case",-22} " + string.Join(" ", Routes.Select(r => $"{r,18}")) + "   managed/fused speed");
        foreach (var (name, create) in new (string, Func<RecurrentLayer>)[]
        {
            ("GRU(32)", () => new GRU(128, 32)),
            ("SimpleRNN(32)", () => new SimpleRNN(128, 32)),
        })
        {
            using var layer = create();
            foreach (var (label, batch, training) in new[] { ("train fwd+bwd @32", 32, true), ("predict @1", 1, false), ("predict @32", 32, false), ("predict @256", 256, false) })
            {
                manual_seed(5);
                using var x = randn(batch, 40, 128);
                var times = Routes.ToDictionary(r => r, _ => new List<double>());
                for (var i = 0; i < repeats + 5; i++)
                {
                    foreach (var route in i % 2 == 0 ? Routes : Routes.Reverse())
                    {
                        var ms = Time(layer, x, route, training);
                        if (i >= 5)
                        {
                            times[route].Add(ms);
                        }
                    }
                }

                var medians = Routes.Select(r => Stats.Median(times[r])).ToArray();
                Console.WriteLine($"   {name,-16} {label,-22} " + string.Join(" ", medians.Select(m => $"{m,18:F3}")) + $"   {medians[0] / medians[1],6:F2}x");
            }
        }

        Console.WriteLine();
    }

    private static double Time(RecurrentLayer layer, Tensor x, RecurrentKernelRoute route, bool training)
    {
        var start = Stopwatch.GetTimestamp();
        using (NewDisposeScope())
        {
            if (training)
            {
                using var gradients = enable_grad();
                var input = x.detach().requires_grad_(true);
                var (_, states) = layer.Run(input, null, wantSequence: false, route, fault: null);
                states[0].sum().backward();
            }
            else
            {
                using var noGrad = no_grad();
                layer.Run(x, null, wantSequence: false, route, fault: null);
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
