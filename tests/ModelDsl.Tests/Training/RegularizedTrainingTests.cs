using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>Weight regularizers join the loss that training minimises and reports, as Keras's <c>model.losses</c> do.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RegularizedTrainingTests
{
    [Fact]
    public void EvaluatedLoss_IsTheLossPlusThePenalty()
    {
        using var scope = NewDisposeScope();
        manual_seed(81);
        var plain = new Dense(4, 1, Activations.Sigmoid);
        var regularized = new Dense(4, 1, Activations.Sigmoid) { KernelRegularizer = Regularizer.OfL2(0.5) };
        regularized.load_state_dict(plain.state_dict());
        var x = randn(16, 4);
        var y = randint(0, 2, new long[] { 16, 1 }).to(ScalarType.Float32);
        var options = new TrainingOptions { Loss = "binary_crossentropy", Optimizer = "sgd" };

        var without = new TrainingSession(plain, options).Evaluate(x, y)["loss"];
        var with = new TrainingSession(regularized, options).Evaluate(x, y)["loss"];

        Assert.Equal(without + (0.5 * plain.weight.square().sum().item<float>()), with, 5);
    }

    [Fact]
    public void Training_WithAStrongL2_ShrinksTheKernel_MoreThanWithout()
    {
        using var scope = NewDisposeScope();
        manual_seed(82);
        var plain = new Dense(4, 1, Activations.Sigmoid);
        var regularized = new Dense(4, 1, Activations.Sigmoid) { KernelRegularizer = Regularizer.OfL2(1.0) };
        regularized.load_state_dict(plain.state_dict());
        var x = randn(64, 4);
        var y = x.narrow(1, 0, 1).gt(0).to(ScalarType.Float32);
        var options = new TrainingOptions { Loss = "binary_crossentropy", Optimizer = "sgd", LearningRate = 0.1 };

        new TrainingSession(plain, options).Fit(x, y, new FitOptions { Epochs = 5, BatchSize = 16, Shuffle = false, Verbose = 0 });
        new TrainingSession(regularized, options).Fit(x, y, new FitOptions { Epochs = 5, BatchSize = 16, Shuffle = false, Verbose = 0 });

        Assert.True(
            regularized.weight.square().sum().item<float>() < 0.5 * plain.weight.square().sum().item<float>(),
            "the L2 penalty pulls the kernel towards zero");
    }
}
