using System.Collections.Generic;
using System.Linq;

namespace ModelDsl.Interop.Keras;

/// <summary>Tells a Keras layer's class from its weights when the file has no <c>model_config</c> (a <c>save_weights</c> file).</summary>
internal static class KerasLayerKinds
{
    /// <summary><c>Embedding</c>, <c>SimpleRNN</c>, <c>GRU</c>, <c>LSTM</c>, <c>Bidirectional(…)</c>, <c>Dense</c>, <c>Conv1D</c>, <c>ConvLSTM2D</c> or <c>unknown</c>.</summary>
    public static string Infer(IReadOnlyList<KerasWeight> weights)
    {
        var (forward, backward) = Directions(weights);
        if (backward.Count > 0)
        {
            return $"Bidirectional({Infer(forward)})";
        }

        var byName = weights.GroupBy(w => w.ShortName).ToDictionary(g => g.Key, g => g.First());
        if (byName.ContainsKey("embeddings"))
        {
            return "Embedding";
        }

        if (!byName.TryGetValue("kernel", out var kernel))
        {
            return "unknown";
        }

        if (byName.TryGetValue("recurrent_kernel", out var recurrent))
        {
            if (kernel.Shape.Length == 4)
            {
                return "ConvLSTM2D";
            }

            var units = recurrent.Shape[0];
            return kernel.Shape.Length == 2 && units > 0 && kernel.Shape[1] % units == 0
                ? (kernel.Shape[1] / units) switch { 1 => "SimpleRNN", 3 => "GRU", 4 => "LSTM", _ => "unknown" }
                : "unknown";
        }

        return kernel.Shape.Length switch { 2 => "Dense", 3 => "Conv1D", _ => "unknown" };
    }

    /// <summary>A Bidirectional layer's weights split by Keras's <c>forward_…</c> / <c>backward_…</c> scopes (all forward otherwise).</summary>
    public static (IReadOnlyList<KerasWeight> Forward, IReadOnlyList<KerasWeight> Backward) Directions(IReadOnlyList<KerasWeight> weights)
    {
        static bool In(KerasWeight w, string prefix) => w.Name.Split('/').Any(part => part.StartsWith(prefix, System.StringComparison.Ordinal));
        var backward = weights.Where(w => In(w, "backward_")).ToList();
        return backward.Count == 0 ? (weights, backward) : (weights.Where(w => !In(w, "backward_")).ToList(), backward);
    }
}
