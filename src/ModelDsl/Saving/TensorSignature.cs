using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelDsl.Saving;

/// <summary>One parameter or buffer of a model: its name in the state dict, its shape and its element type.</summary>
/// <param name="Name">The state-dict name, e.g. <c>lstm.weight_ih_l0</c>.</param>
/// <param name="Shape">Every dimension.</param>
/// <param name="DType">The element type in lower case, e.g. <c>float32</c>.</param>
public sealed record TensorSignature(string Name, IReadOnlyList<long> Shape, string DType)
{
    /// <summary>Whether this is the same tensor as <paramref name="other"/>: the same name, shape and type.</summary>
    public bool Equals(TensorSignature? other) =>
        other is not null && Name == other.Name && DType == other.DType && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, DType, Shape.Count);

    /// <summary><c>name [d0, d1] dtype</c>, e.g. <c>lstm.weight_ih_l0 [128, 128] float32</c>.</summary>
    public override string ToString() =>
        $"{Name} [{string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}] {DType}";
}
