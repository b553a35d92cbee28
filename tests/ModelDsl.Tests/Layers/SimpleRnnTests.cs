using System;
using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers;

// Runs alone: the dropout-mask tests seed torch's process-wide generator twice and need the same draws after each.
[Collection(ModelDsl.Tests.Training.TrainingCollection.Name)]
public sealed class SimpleRnnTests : RecurrentLayerTests
{
    public SimpleRnnTests()
        : base(seed: 100)
    {
    }

    private protected override string KindName => "SimpleRNN";

    private protected override int Gates => 1;

    private protected override RecurrentLayer Create(long inputSize, long units, RecurrentOptions? options = null) =>
        new SimpleRNN(inputSize, units, options);

    private protected override RecurrentReference Reference(RecurrentLayer layer) =>
        new SimpleRnnReference(layer, "cell", layer.Options.Activation == Activations.Relu ? Numerics.Reference.Relu : Math.Tanh);

    [Fact]
    public void Relu_IsTheKernelsNonLinearity_InBothPaths()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(150);
        var layer = new SimpleRNN(Features, Units, new RecurrentOptions { Activation = Activations.Relu, ReturnSequences = true });
        var x = randn(Batch, Steps, Features);

        var fused = layer.forward(x);
        Numerics.Reference.AssertClose(Reference(layer).Run(Numerics.Reference.Sequences(x)), fused);

        layer.ForceCellLoop = true;
        TensorAssert.Close(fused, layer.forward(x), 1e-5);
    }

    [Fact]
    public void UnsupportedActivation_ListsTanhAndRelu()
    {
        var error = Assert.Throws<ArgumentException>(() => new SimpleRNN(3, 8, new RecurrentOptions { Activation = "softmax" }));
        Assert.Contains("SimpleRNN(8)", error.Message);
        Assert.Contains("supported: tanh, relu", error.Message);
    }
}
