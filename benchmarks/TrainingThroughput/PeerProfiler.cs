using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using ModelDsl.Layers;
using ModelDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>
/// <c>--peer --profile</c>: where a training step of each peer model spends its time, in ModelDsl and in PyTorch, phase by
/// phase: the generated model's layers are called one by one (embedding, recurrent layer, head up to the logits), the
/// loss on the logits, then backward in two parts (head and recurrent layer down to the embedding's output, which is a
/// detached leaf; then the embedding), Adam's step, and reading the loss and the correct count. torch_peer.py does the
/// same with the same split. Medians over the timed steps.
/// </summary>
internal static class PeerProfiler
{
    private static readonly string[] Phases =
        { "batch", "zero_grad", "embedding", "recurrent", "head", "loss", "backward_head_recurrent", "backward_embedding", "optimizer", "item_metric" };

    public static void Run(PeerModel model, BenchOptions options, PeerProcess peer)
    {
        var steps = options.Quick ? 30 : Math.Max(60, Math.Min(300, (options.Steps ?? model.DefaultSteps) / 2));
        var skip = Math.Max(1, steps / 5);
        var ours = Profile(model, steps, skip, options.Seed);
        var reply = peer.Ask(model.Spec(steps, 1, Array.Empty<(int, int)>(), options.Seed, profile: steps));
        var theirs = reply.GetProperty("profile");
        Console.WriteLine($"   profile of one training step ({steps} steps, first {skip} not timed; medians, ms):");
        Console.WriteLine($"   {"phase",-26} {"ModelDsl",9} {"PyTorch",9} {"ratio",6}");
        double ourTotal = 0, theirTotal = 0;
        foreach (var phase in Phases)
        {
            var a = Stats.Median(ours[phase]);
            var b = theirs.GetProperty(phase).GetDouble();
            ourTotal += a;
            theirTotal += b;
            Console.WriteLine($"   {phase,-26} {a,9:F3} {b,9:F3} {b / a,6:F2}");
        }

        Console.WriteLine($"   {"sum of medians",-26} {ourTotal,9:F3} {theirTotal,9:F3} {theirTotal / ourTotal,6:F2}");
        Console.WriteLine();
    }

    private static Dictionary<string, List<double>> Profile(PeerModel model, int steps, int skip, long seed)
    {
        var phases = Phases.ToDictionary(p => p, _ => new List<double>());
        using var data = new BenchData(model.Vocabulary, model.Sequence, model.Outputs, 1000L * PeerModel.BatchSize, seed);
        manual_seed(seed);
        using var module = model.Create();
        var layers = model.Layers(module).Values.ToList();
        var embedding = (nn.Module<Tensor, Tensor>)layers[0];
        var recurrent = (nn.Module<Tensor, Tensor>)layers[1];
        var head = layers.Skip(2).Cast<Dense>().ToList();
        using var optimizer = optim.Adam(module.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7);
        var loss = LossFunction.Create(model.Loss, fromLogits: true);
        using var generator = new Generator((ulong)seed, CPU);
        module.train();
        var t = new long[Phases.Length + 1];
        double sink = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            t[0] = Stopwatch.GetTimestamp();
            var rows = randint(0, data.X.shape[0], new long[] { PeerModel.BatchSize }, dtype: ScalarType.Int64, generator: generator);
            var xb = data.X.index_select(0, rows);
            var yb = data.Y.index_select(0, rows);
            t[1] = Stopwatch.GetTimestamp();
            optimizer.zero_grad();
            t[2] = Stopwatch.GetTimestamp();
            var embedded = embedding.call(xb);
            t[3] = Stopwatch.GetTimestamp();
            var leaf = embedded.detach().requires_grad_(true);
            var state = recurrent.call(leaf);
            t[4] = Stopwatch.GetTimestamp();
            for (var i = 0; i < head.Count - 1; i++)
            {
                state = head[i].call(state);
            }

            var logits = head[^1].Logits(state);
            t[5] = Stopwatch.GetTimestamp();
            var batchLoss = loss.Compute(logits, yb);
            t[6] = Stopwatch.GetTimestamp();
            batchLoss.backward();
            t[7] = Stopwatch.GetTimestamp();
            embedded.backward(new[] { leaf.grad! });
            t[8] = Stopwatch.GetTimestamp();
            optimizer.step();
            t[9] = Stopwatch.GetTimestamp();
            sink += batchLoss.item<float>();
            using (no_grad())
            {
                var correct = model.Outputs == 1
                    ? logits.gt(0).to(ScalarType.Float32).eq(yb).sum()
                    : logits.argmax(1).eq(yb).sum();
                sink += correct.item<long>();
            }

            t[10] = Stopwatch.GetTimestamp();
            if (step >= skip)
            {
                for (var i = 0; i < Phases.Length; i++)
                {
                    phases[Phases[i]].Add((t[i + 1] - t[i]) * 1000.0 / Stopwatch.Frequency);
                }
            }
        }

        GC.KeepAlive(sink);
        return phases;
    }
}
