using System;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Conformance;

/// <summary>Keras's <c>bidirectional_test.py</c> expectations for <see cref="Bidirectional"/>, one per merge mode the test has.</summary>
public sealed class BidirectionalConformanceTests
{
    public static TheoryData<string> Cases => new(KerasReferenceValues.Bidirectional.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_EqualsKeras(string name) => AssertMatchesKeras(name, gradients: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_WithGradients_EqualsKeras(string name) => AssertMatchesKeras(name, gradients: true);

    private static void AssertMatchesKeras(string name, bool gradients)
    {
        var keras = KerasReferenceValues.BidirectionalCase(name);
        using var scope = NewDisposeScope();
        using var mode = set_grad_enabled(gradients);
        using var layer = Build(keras);
        using var x = KerasConformance.Arange(keras.InputShape);
        var mask = KerasConformance.Mask(keras.Mask);

        if (keras.Merge == BidirectionalMerge.None)
        {
            var (forward, backward) = layer.ForwardBoth(x, mask);
            Reference.AssertClose(keras.Expected, forward, KerasConformance.Tolerance);
            Reference.AssertClose(keras.ExpectedBackward!, backward, KerasConformance.Tolerance);
            Assert.Throws<InvalidOperationException>(() => layer.forward(x, mask));
        }
        else
        {
            Reference.AssertClose(keras.Expected, layer.forward(x, mask), KerasConformance.Tolerance);
        }
    }

    /// <summary>
    /// Wraps the Keras test's forward layer; the backward half gets the forward layer's constants unless the test passes
    /// its own <c>backward_layer</c>, whose constants are then the backward half's.
    /// </summary>
    private static Bidirectional Build(KerasBidirectionalCase keras)
    {
        var layer = new Bidirectional(KerasConformance.Build(keras.Layer, inputSize: keras.InputShape[^1]), keras.Merge);
        KerasConformance.SetConstants(layer.ForwardLayer, keras.Layer, keras.Layer.Constants);
        KerasConformance.SetConstants(layer.BackwardLayer, keras.Layer, keras.BackwardConstants ?? keras.Layer.Constants);

        // Every parameter must belong to one of the two halves, or it would keep a random value.
        Assert.Equal(
            layer.ForwardLayer.parameters().Count() + layer.BackwardLayer.parameters().Count(),
            layer.parameters().Count());
        layer.eval();
        return layer;
    }
}
