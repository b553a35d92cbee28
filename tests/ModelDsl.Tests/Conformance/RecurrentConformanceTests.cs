using System.Collections.Generic;
using System.Linq;
using ModelDsl.Tests.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>
/// A ModelDsl recurrent layer built like the Keras test's layer must give the output Keras's own test asserts.
/// Each subclass names one layer kind's cases; xunit runs the theory once per subclass.
/// </summary>
public abstract class RecurrentConformanceTests
{
    /// <summary>Runs the case called <paramref name="name"/> in <see cref="KerasReferenceValues"/>.</summary>
    /// <param name="cellLoop">
    /// Whether to run the step-by-step cell loop (the path training with dropout takes) instead of the fused or packed
    /// kernel; it must agree with Keras as well.
    /// </param>
    protected static void AssertMatchesKeras(string name, bool cellLoop)
    {
        var keras = KerasReferenceValues.Recurrent(name);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var layer = KerasConformance.Build(keras.Layer, inputSize: keras.InputShape[^1]);
        KerasConformance.SetConstants(layer, keras.Layer, keras.Layer.Constants);
        layer.ForceCellLoop = cellLoop;
        layer.eval();

        var y = layer.forward(KerasConformance.Arange(keras.InputShape), KerasConformance.Mask(keras.Mask));

        Reference.AssertClose(keras.Expected, y, KerasConformance.Tolerance);
    }

    /// <summary>The names of <paramref name="cases"/>, as theory data.</summary>
    private protected static TheoryData<string> Names(IEnumerable<KerasRecurrentCase> cases) => new(cases.Select(c => c.Name));
}

/// <summary>Keras's <c>simple_rnn_test.py</c> expectations.</summary>
public sealed class SimpleRnnConformanceTests : RecurrentConformanceTests
{
    public static TheoryData<string> Cases => Names(KerasReferenceValues.SimpleRnn);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CellLoop_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: true);
}

/// <summary>Keras's <c>gru_test.py</c> expectations.</summary>
public sealed class GruConformanceTests : RecurrentConformanceTests
{
    public static TheoryData<string> Cases => Names(KerasReferenceValues.Gru);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CellLoop_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: true);
}

/// <summary>Keras's <c>lstm_test.py</c> expectations.</summary>
public sealed class LstmConformanceTests : RecurrentConformanceTests
{
    public static TheoryData<string> Cases => Names(KerasReferenceValues.Lstm);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CellLoop_EqualsKeras(string keras) => AssertMatchesKeras(keras, cellLoop: true);
}
