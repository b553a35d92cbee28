using System;
using System.Linq;
using ModelDsl.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>Keras's optimizer defaults, the overrides, and the run-time validation of the compile options.</summary>
[Collection(TrainingCollection.Name)]
public sealed class OptimizerFactoryTests
{
    private static (optim.Optimizer Optimizer, OptimizerOptions Options) Build(TrainingOptions options)
    {
        var model = new TinyBinary();
        var session = new TrainingSession(model, options with { Loss = "binary_crossentropy" });
        var optimizer = session.Optimizer;
        return (optimizer, ((OptimizerHelper)optimizer).state_dict().Options.Single());
    }

    [Fact]
    public void Adam_HasKerasDefaults()
    {
        var (optimizer, options) = Build(new TrainingOptions { Optimizer = "adam" });

        Assert.IsType<Adam>(optimizer);
        var adam = (Adam.Options)options;
        Assert.Equal(1e-3, adam.LearningRate);
        Assert.Equal(0.9, adam.beta1);
        Assert.Equal(0.999, adam.beta2);
        Assert.Equal(1e-7, adam.eps);
        Assert.Equal(0, adam.weight_decay);
    }

    [Fact]
    public void Adam_TakesKerasBetasAndEpsilon()
    {
        var (_, options) = Build(new TrainingOptions { Optimizer = "adam", Beta1 = 0.8, Beta2 = 0.98, Epsilon = 1e-9 });

        var adam = (Adam.Options)options;
        Assert.Equal(0.8, adam.beta1);
        Assert.Equal(0.98, adam.beta2);
        Assert.Equal(1e-9, adam.eps);
    }

    [Fact]
    public void Epsilon_ReachesRmsPropAndAdagrad()
    {
        Assert.Equal(1e-5, ((RMSProp.Options)Build(new TrainingOptions { Optimizer = "rmsprop", Epsilon = 1e-5 }).Options).eps);
        Assert.Equal(1e-5, ((Adagrad.Options)Build(new TrainingOptions { Optimizer = "adagrad", Epsilon = 1e-5 }).Options).eps);
    }

    [Theory]
    [InlineData("adam", 1.0, null, null, "Beta1 must be in [0, 1), got 1.")]
    [InlineData("adam", null, -0.1, null, "Beta2 must be in [0, 1), got -0.1.")]
    [InlineData("rmsprop", 0.9, null, null, "Beta1 applies to 'adam' only, not 'rmsprop'.")]
    [InlineData("adam", null, null, 0.0, "Epsilon must be a positive number when set, got 0.")]
    [InlineData("sgd", null, null, 1e-7, "Epsilon applies to 'adam', 'rmsprop' and 'adagrad', not 'sgd'.")]
    public void BetasAndEpsilon_OutOfRangeOrOnTheWrongOptimizer_AreRejected(string optimizer, double? beta1, double? beta2, double? epsilon, string message)
    {
        var options = new TrainingOptions { Optimizer = optimizer, Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Adam_WithWeightDecay_IsDecoupledAdamW()
    {
        var (optimizer, options) = Build(new TrainingOptions { Optimizer = "adam", WeightDecay = 0.01 });

        Assert.IsType<AdamW>(optimizer);
        Assert.Equal(0.01, ((AdamW.Options)options).weight_decay);
        Assert.Equal(1e-7, ((AdamW.Options)options).eps);
    }

    [Fact]
    public void RmsProp_HasKerasDefaults_AndMomentum()
    {
        var (optimizer, options) = Build(new TrainingOptions { Optimizer = "rmsprop", Momentum = 0.5 });

        Assert.IsType<RMSProp>(optimizer);
        var rms = (RMSProp.Options)options;
        Assert.Equal(1e-3, rms.LearningRate);
        Assert.Equal(0.9, rms.alpha);
        Assert.Equal(1e-7, rms.eps);
        Assert.Equal(0.5, rms.momentum);
        Assert.False(rms.centered);
    }

    [Fact]
    public void Sgd_DefaultsToLearningRateOneHundredth_WithTheGivenMomentum()
    {
        var (optimizer, options) = Build(new TrainingOptions { Optimizer = "sgd", Momentum = 0.9 });

        Assert.IsType<SGD>(optimizer);
        Assert.Equal(0.01, options.LearningRate);
        Assert.Equal(0.9, ((SGD.Options)options).momentum);
        Assert.False(((SGD.Options)options).nesterov);
    }

    [Fact]
    public void Adagrad_StartsItsAccumulatorsAtOneTenth_WithKerasEpsilon()
    {
        var (optimizer, options) = Build(new TrainingOptions { Optimizer = "adagrad" });

        Assert.IsType<Adagrad>(optimizer);
        var adagrad = (Adagrad.Options)options;
        Assert.Equal(1e-3, adagrad.LearningRate);
        Assert.Equal(0.1, adagrad.initial_accumulator_value);
        Assert.Equal(1e-7, adagrad.eps);
        foreach (var state in ((OptimizerHelper)optimizer).state_dict().State.Cast<Adagrad.State>())
        {
            Assert.True(state.sum.eq(0.1f).all().item<bool>());
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop")]
    [InlineData("sgd")]
    [InlineData("adagrad")]
    public void LearningRate_OverridesTheDefault(string name)
    {
        var (_, options) = Build(new TrainingOptions { Optimizer = name, LearningRate = 0.05 });

        Assert.Equal(0.05, options.LearningRate);
    }

    [Fact]
    public void ClipNorm_BoundsTheGlobalGradientNormOfEachStep()
    {
        // With SGD at learning rate 1 and no momentum, one step moves the parameters by exactly the (clipped) gradient.
        var (x, y) = TrainingTestSupport.Separable(64);
        using var _x = x;
        using var _y = y;

        double StepSize(double? clipNorm)
        {
            using var model = new TinyBinary();
            TrainingTestSupport.SetDense(model, weight: 0.5, bias: 1);
            using var session = new TrainingSession(model, new TrainingOptions
            {
                Loss = "binary_crossentropy", Optimizer = "sgd", LearningRate = 1, ClipNorm = clipNorm,
            });
            using var scope = NewDisposeScope();
            var before = cat(model.parameters().Select(p => p.detach().flatten().clone()).ToList(), 0);
            session.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 64, Verbose = 0, Shuffle = false });
            var after = cat(model.parameters().Select(p => p.detach().flatten()).ToList(), 0);
            return (after - before).norm().item<float>();
        }

        Assert.True(StepSize(null) > 0.1, "the unclipped step should be large enough for the clip to matter");
        Assert.Equal(0.01, StepSize(0.01), 5);
    }

    [Fact]
    public void Momentum_OnAnOptimizerWithoutMomentum_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingOptions { Loss = "mse", Optimizer = "adam", Momentum = 0.9 }.Validate());

        Assert.Contains("'adam'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sgd", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adamw", "optimizer 'adamw'", "'adam', 'rmsprop', 'sgd', 'adagrad'")]
    [InlineData("accurcy", "metric 'accurcy'", "'accuracy', 'acc'")]
    [InlineData("msee", "loss 'msee'", "'mse'")]
    public void UnknownNames_AreRejectedWithTheAllowedOnes(string bad, string named, string allowed)
    {
        var options = bad switch
        {
            "adamw" => new TrainingOptions { Loss = "mse", Optimizer = bad },
            "accurcy" => new TrainingOptions { Loss = "mse", Metrics = new[] { bad } },
            _ => new TrainingOptions { Loss = bad },
        };
        using var model = new TinyBinary();

        var error = Assert.Throws<ArgumentException>(() => new TrainingSession(model, options));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RMSprop", typeof(RMSProp))]
    [InlineData("Adam", typeof(Adam))]
    [InlineData("ADAM", typeof(Adam))]
    [InlineData("SGD", typeof(SGD))]
    [InlineData("Adagrad", typeof(Adagrad))]
    public void KerasSpellings_InAnyCase_BuildTheOptimizer(string name, Type expected)
    {
        var (optimizer, _) = Build(new TrainingOptions { Optimizer = name });

        Assert.IsType(expected, optimizer);
    }

    [Fact]
    public void KerasSpellings_GetTheDefaultsAndOptionsOfTheirOptimizer()
    {
        Assert.Equal(0.01, OptimizerFactory.DefaultLearningRate("SGD"));
        Assert.Equal(0.001, OptimizerFactory.DefaultLearningRate("RMSprop"));
        new TrainingOptions { Loss = "mse", Optimizer = "RMSprop", Momentum = 0.9 }.Validate();
        new TrainingOptions { Loss = "mse", Optimizer = "SGD", Momentum = 0.9 }.Validate();
        Assert.Throws<ArgumentException>(() => new TrainingOptions { Loss = "mse", Optimizer = "Adam", Momentum = 0.9 }.Validate());
    }

    [Fact]
    public void ACheckpointWrittenWithOneSpelling_LoadsIntoASessionUsingAnother()
    {
        using var directory = new TempDirectory();
        var (x, y) = TrainingTestSupport.Separable(16);
        using var _x = x;
        using var _y = y;
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, new TrainingOptions { Loss = "binary_crossentropy", Optimizer = "Adam" });
        session.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 8, Verbose = 0 });
        session.SaveCheckpoint(directory.File("adam.ckpt"));

        using var restored = new TinyBinary();
        using var lowerCase = new TrainingSession(restored, new TrainingOptions { Loss = "BinaryCrossentropy", Optimizer = "adam" });
        lowerCase.LoadCheckpoint(directory.File("adam.ckpt"));

        TrainingTestSupport.AssertSameWeights(model, restored);
        using var other = new TinyBinary();
        using var sgd = new TrainingSession(other, new TrainingOptions { Loss = "binary_crossentropy", Optimizer = "SGD" });
        Assert.Throws<System.IO.InvalidDataException>(() => sgd.LoadCheckpoint(directory.File("adam.ckpt")));
    }

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(-1.0, null)]
    [InlineData(null, 0.0)]
    public void NonPositiveLearningRateOrClipNorm_IsRejected(double? learningRate, double? clipNorm)
    {
        var options = new TrainingOptions { Loss = "mse", LearningRate = learningRate, ClipNorm = clipNorm };

        Assert.Throws<ArgumentException>(() => options.Validate());
    }
}
