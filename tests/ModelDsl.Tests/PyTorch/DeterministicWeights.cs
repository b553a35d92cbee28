using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Tests.PyTorch;

/// <summary>
/// Weights that depend on nothing but their position: parameter k's element i is <c>((7i + 13k) mod 17 − 8) / 8</c>, exact in
/// float32, so the export of a model filled with them is the same file on every machine.
/// </summary>
internal static class DeterministicWeights
{
    public static T Fill<T>(T model)
        where T : nn.Module
    {
        using var _ = no_grad();
        foreach (var (parameter, k) in model.parameters().Select((p, k) => (p, k)))
        {
            var values = Enumerable.Range(0, (int)parameter.NumberOfElements).Select(i => (float)((7L * i + 13L * k) % 17 - 8) / 8f).ToArray();
            parameter.copy_(tensor(values, parameter.shape));
        }

        return model;
    }
}
