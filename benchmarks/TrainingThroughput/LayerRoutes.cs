using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Layers.Kernels;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>
/// <c>--layer-routes</c>: one recurrent layer alone at the peer models' shapes (the IMDB models' 40 steps of 128 features into 32
/// units, the bidirectional model's 100 steps of 20 into 64, the Reuters-size LSTM's 250 steps of 250 into 128, and the IMDB
/// LSTM over 250 steps), timed per kernel route (libtorch's kernel as called, ModelDsl's managed recurrence, libtorch's
/// training kernel in gradient mode): forward + backward at batch 32 (a training step's share) and forward without
/// gradients at batch 1, 32 and 256. The routes alternate call by call, so load from other processes hits them alike;
/// medians of many calls, after 20 untimed ones (5 for the long sequences) so that the managed code is fully compiled.
/// </summary>
internal static class LayerRoutes
{
    private static readonly RecurrentKernelRoute[] Routes = { RecurrentKernelRoute.Fused, RecurrentKernelRoute.ManagedRecurrence, RecurrentKernelRoute.FusedInGradientMode };

    public static void Run(int repeats)
    {
        Console.WriteLine($"   one layer alone; median ms over {repeats} alternated calls per route (the Reuters-size LSTM: a fifth as many)");
        Console.WriteLine($"   {"layer",-30} {"case",-22} " + string.Join(" ", Routes.Select(r => $"{r,18}")) + "   managed/fused speed");
        foreach (var (name, create, steps, features) in new (string, Func<RecurrentLayer>, int, int)[]
        {
            ("GRU(32), 40 x 128", () => new GRU(128, 32), 40, 128),
            ("SimpleRNN(32), 40 x 128", () => new SimpleRNN(128, 32), 40, 128),
            ("LSTM(32), 40 x 128", () => new LSTM(128, 32), 40, 128),
            ("LSTM(64), 100 x 20", () => new LSTM(20, 64), 100, 20),
            ("LSTM(32), 250 x 128", () => new LSTM(128, 32), 250, 128),
            ("LSTM(128), 250 x 250", () => new LSTM(250, 128), 250, 250),
        })
        {
            using var layer = create();
            var (warmUp, calls) = steps > 100 ? (5, Math.Max(5, repeats / 5)) : (20, repeats);
            foreach (var (label, batch, training) in new[] { ("train fwd+bwd @32", 32, true), ("predict @1", 1, false), ("predict @32", 32, false), ("predict @256", 256, false) })
            {
                manual_seed(5);
                using var x = randn(batch, steps, features);
                var times = Routes.ToDictionary(r => r, _ => new List<double>());
                for (var i = 0; i < calls + warmUp; i++)
                {
                    foreach (var route in i % 2 == 0 ? Routes : Routes.Reverse())
                    {
                        var ms = Time(layer, x, route, training);
                        if (i >= warmUp)
                        {
                            times[route].Add(ms);
                        }
                    }
                }

                var medians = Routes.Select(r => Stats.Median(times[r])).ToArray();
                Console.WriteLine($"   {name,-30} {label,-22} " + string.Join(" ", medians.Select(m => $"{m,18:F3}")) + $"   {medians[0] / medians[1],6:F2}x");
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
