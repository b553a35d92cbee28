namespace ModelDsl.Onnx;

/// <summary>
/// A tensor of an ONNX graph being written by <see cref="OnnxGraphBuilder"/>: its name in the graph and its rank
/// (the batch axis included). Generated <c>ExportOnnx</c> methods pass these where <c>forward</c> passes tensors.
/// </summary>
public sealed class OnnxValue
{
    internal OnnxValue(string name, int rank)
    {
        Name = name;
        Rank = rank;
    }

    /// <summary>The value's name in the graph.</summary>
    public string Name { get; }

    /// <summary>The number of axes, the batch axis included.</summary>
    public int Rank { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (rank {Rank})";
}
