using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace ModelDsl.Saving;

/// <summary>
/// The layer signature of a model: every parameter and buffer in the order of its state dict. A model archive records
/// it, and loads only into a model whose signature is the same; the command line's run manifest records it too.
/// </summary>
public static class LayerSignature
{
    /// <summary>The name, shape and element type of every tensor of <paramref name="module"/>'s state dict, in order.</summary>
    public static IReadOnlyList<TensorSignature> Of(torch.nn.Module module)
    {
        System.ArgumentNullException.ThrowIfNull(module);
        var tensors = new List<TensorSignature>();
        foreach (var (name, tensor) in module.state_dict())
        {
            tensors.Add(new TensorSignature(name, tensor.shape.ToArray(), tensor.dtype.ToString().ToLowerInvariant()));
        }

        return tensors;
    }

    /// <summary>
    /// The first place where <paramref name="actual"/> differs from <paramref name="expected"/>: its index and the two
    /// tensors there (<see langword="null"/> where one list has ended), or <see langword="null"/> when they are the same.
    /// </summary>
    internal static (int Index, TensorSignature? Expected, TensorSignature? Actual)? FirstDifference(
        IReadOnlyList<TensorSignature> expected, IReadOnlyList<TensorSignature> actual)
    {
        for (int i = 0; i < System.Math.Max(expected.Count, actual.Count); i++)
        {
            TensorSignature? theirs = i < expected.Count ? expected[i] : null;
            TensorSignature? ours = i < actual.Count ? actual[i] : null;
            if (theirs is null || ours is null || !theirs.Equals(ours))
            {
                return (i, theirs, ours);
            }
        }

        return null;
    }
}
