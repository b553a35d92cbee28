using System.Globalization;

namespace ModelDsl.Generators.Model;

/// <summary>A Keras weight regularizer as values: <c>l1·Σ|w| + l2·Σw²</c>, read from its Keras spelling by <see cref="Parsing.RegularizerText"/>.</summary>
internal sealed record RegularizerSpec(double L1, double L2)
{
    /// <summary>Keras's spelling, as the runtime's <c>Regularizer.ToString</c> writes it: <c>l2(0.0001)</c>.</summary>
    public string Keras => (L1, L2) switch
    {
        (0, var l2) => $"l2({Number(l2)})",
        (var l1, 0) => $"l1({Number(l1)})",
        var (l1, l2) => $"l1_l2(l1={Number(l1)}, l2={Number(l2)})",
    };

    /// <summary>The runtime regularizer as a C# expression: <c>global::ModelDsl.Layers.Regularizer.OfL2(0.0001)</c>.</summary>
    public string Code => (L1, L2) switch
    {
        (0, var l2) => $"global::ModelDsl.Layers.Regularizer.OfL2({Number(l2)})",
        (var l1, 0) => $"global::ModelDsl.Layers.Regularizer.OfL1({Number(l1)})",
        var (l1, l2) => $"new global::ModelDsl.Layers.Regularizer({Number(l1)}, {Number(l2)})",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
