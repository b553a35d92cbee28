using System.Collections.Generic;
using System.Linq;
using ModelDsl.Tests.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>
/// A ModelDsl recurrent layer built like the Keras test's layer must give the output Keras's own test asserts, for
/// every case of <c>simple_rnn_test.py</c>, <c>gru_test.py</c> and <c>lstm_test.py</c> in <see cref="KerasReferenceValues"/>.
/// </summary>
public sealed class RecurrentConformanceTests
{
    public static TheoryData<string> Cases { get; } =
        new(KerasReferenceValues.SimpleRnn.Concat(KerasReferenceValues.Gru).Concat(KerasReferenceValues.Lstm).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: false, gradients: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_WithGradients_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: false, gradients: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CellLoop_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: true, gradients: false);

    /// <summary>Runs the case called <paramref name="name"/> in <see cref="KerasReferenceValues"/>.</summary>
    /// <param name="cellLoop">
    /// Whether to run the step-by-step cell loop (the path training with dropout takes) instead of the fused or packed
    /// kernel; it must agree with Keras as well.
    /// </param>
    /// <param name="gradients">Whether gradients are on: libtorch picks another kernel for each mode.</param>
    private static void AssertMatchesKeras(string name, bool cellLoop, bool gradients)
    {
        var keras = KerasReferenceValues.Recurrent(name);
        using var scope = NewDisposeScope();
        using var mode = set_grad_enabled(gradients);
        using var layer = KerasConformance.Build(keras.Layer, inputSize: keras.InputShape[^1]);
        KerasConformance.SetConstants(layer, keras.Layer, keras.Layer.Constants);
        layer.ForceCellLoop = cellLoop;
        layer.eval();

        var y = layer.forward(KerasConformance.Arange(keras.InputShape), KerasConformance.Mask(keras.Mask));

        Reference.AssertClose(keras.Expected, y, KerasConformance.Tolerance);
    }
}
