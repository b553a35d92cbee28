using System;
using ModelDsl.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>A model ending in Dense + sigmoid, trained with binary_crossentropy.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(8, DType = "float32")]
[Dense(4, Activation = "relu")]
[Dense(1, Activation = "sigmoid")]
public partial class SigmoidClassifier;

/// <summary>A model ending in Dense + softmax, trained with sparse_categorical_crossentropy.</summary>
[Model(Loss = "sparse_categorical_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(6, DType = "float32")]
[Dense(3, Activation = "softmax")]
public partial class SoftmaxClassifier;

/// <summary>The same sigmoid output with mse: no crossentropy, so nothing reads logits.</summary>
[Model(Loss = "mse", Optimizer = "adam")]
[Input(8, DType = "float32")]
[Dense(1, Activation = "sigmoid")]
public partial class SigmoidRegressor;

/// <summary>
/// Generated models whose output is a sigmoid or softmax compute their crossentropy from the logits, as tf.keras does:
/// the same values as the loss on the probabilities (up to Keras's 1e-7 clipping) and the same accuracy.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class LogitsLossTests
{
    [Fact]
    public void SigmoidOutput_LossAndAccuracyFromLogits_EqualThoseOnTheProbabilities()
    {
        manual_seed(41);
        using var model = new SigmoidClassifier();
        var (x, y) = TrainingTestSupport.Separable(96);
        using var _x = x;
        using var _y = y;

        Assert.True(model.Training.ComputesLossFromLogits);
        var scores = model.Evaluate(x, y, batchSize: 96);
        using var probabilities = model.Predict(x, batchSize: 96);
        using var expectedLoss = new BinaryCrossentropyLoss().Compute(probabilities, y);
        using var expectedAccuracy = new AccuracyMetric(AccuracyKind.Binary).Matches(probabilities, y).mean();

        Assert.Equal(expectedLoss.item<float>(), scores["loss"], 5);
        Assert.Equal(expectedAccuracy.item<float>(), scores["accuracy"], 6);
    }

    [Fact]
    public void SoftmaxOutput_SparseLossFromLogits_EqualsTheLossOnTheProbabilities_AndTrains()
    {
        manual_seed(42);
        using var model = new SoftmaxClassifier();
        using var generator = new Generator(43, CPU);
        using var x = randn(new long[] { 90, 6 }, generator: generator);
        using var y = x.narrow(1, 0, 3).argmax(1);

        Assert.True(model.Training.ComputesLossFromLogits);
        var before = model.Evaluate(x, y, batchSize: 90);
        using (var probabilities = model.Predict(x, batchSize: 90))
        using (var expected = new SparseCategoricalCrossentropyLoss().Compute(probabilities, y))
        {
            Assert.Equal(expected.item<float>(), before["loss"], 5);
        }

        var history = model.Fit(x, y, epochs: 40, batchSize: 15, seed: 44, verbose: 0);
        var (first, last) = (history.Epochs[0].Values["loss"], history.Epochs[^1].Values["loss"]);
        Assert.True(last < 0.8 * first, $"loss {first} -> {last}");
    }

    [Fact]
    public void MseOrFromLogits_KeepTheLossOnTheOutput()
    {
        using var regressor = new SigmoidRegressor();
        Assert.False(regressor.Training.ComputesLossFromLogits);

        using var model = new SigmoidClassifier();
        using var session = new TrainingSession(model, inputs => model.call(inputs[0]), inputs => model.call(inputs[0]), SigmoidClassifier.TrainingOptions with { FromLogits = true });
        Assert.False(session.ComputesLossFromLogits);
    }
}
