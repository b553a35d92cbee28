using System.IO;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Options;

[Model]
[Input(6, 8, DType = "float32")]
[GRU(4, ResetAfter = false, RecurrentActivation = RecurrentActivations.HardSigmoid)]
public partial class KerasTwoGru;

[Model]
[Input(6, 8, DType = "float32")]
[LSTM(3, RecurrentActivation = RecurrentActivations.HardSigmoid, ReturnSequences = true)]
public partial class HardSigmoidLstm;

/// <summary>Keras 2.0–2.2's recurrent options (issue 13): the generated model passes them to the runtime layer.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RecurrentOptionModelTests
{
    [Fact]
    public void GruResetBeforeWithHardSigmoid_ComputesWhatTheRuntimeLayerWithTheSameWeightsComputes()
    {
        manual_seed(1301);
        using var model = new KerasTwoGru();
        using var layer = new GRU(8, 4, new RecurrentOptions { ResetAfter = false, RecurrentActivation = RecurrentActivations.HardSigmoid });
        CopyWeights(model, "gru.", layer);
        using var x = randn(3, 6, 8);

        using var expected = layer.call(x);
        using var actual = model.call(x);

        Assert.Equal(new long[] { 3, 4 }, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-6, atol: 1e-6), "generated GRU(reset_after=False, hard_sigmoid) matches the runtime layer");
        using var sigmoidLayer = new GRU(8, 4, new RecurrentOptions { ResetAfter = false });
        CopyWeights(model, "gru.", sigmoidLayer);
        using var withSigmoid = sigmoidLayer.call(x);
        Assert.False(actual.allclose(withSigmoid, rtol: 1e-4, atol: 1e-4), "the hard_sigmoid gates reached the layer");
    }

    [Fact]
    public void GruResetBefore_HasOneBias_InTheSummaryAsInKeras()
    {
        using var model = new KerasTwoGru();
        using var writer = new StringWriter();

        var summary = model.Summary(writer);

        // Keras GRU(reset_after=False): 3·(F·H + H·H + H) = 3·(8·4 + 4·4 + 4).
        Assert.Equal(156L, summary.Rows.Single(r => r.Name == "gru").Parameters);
        Assert.Contains("Total params: 156\n", writer.ToString(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void LstmWithHardSigmoid_ComputesWhatTheRuntimeLayerComputes()
    {
        manual_seed(1302);
        using var model = new HardSigmoidLstm();
        using var layer = new LSTM(8, 3, new RecurrentOptions { ReturnSequences = true, RecurrentActivation = RecurrentActivations.HardSigmoid });
        CopyWeights(model, "lstm.", layer);
        using var x = randn(2, 6, 8);

        using var expected = layer.call(x);
        using var actual = model.call(x);

        Assert.True(actual.allclose(expected, rtol: 1e-6, atol: 1e-6));
    }

    /// <summary>Copies the parameters of the model's layer under <paramref name="prefix"/> into <paramref name="layer"/>.</summary>
    internal static void CopyWeights(nn.Module model, string prefix, nn.Module layer)
    {
        using var noGrad = no_grad();
        var source = model.named_parameters().Where(p => p.name.StartsWith(prefix, System.StringComparison.Ordinal))
            .ToDictionary(p => p.name.Substring(prefix.Length), p => p.parameter);
        var targets = layer.named_parameters().ToList();
        Assert.Equal(source.Keys.OrderBy(k => k), targets.Select(t => t.name).OrderBy(k => k));
        foreach (var (name, parameter) in targets)
        {
            parameter.copy_(source[name]);
        }
    }
}

[Model(Loss = "mse", Optimizer = "adam", Beta1 = 0.5, Beta2 = 0.99, Epsilon = 1e-4)]
[Input(3, DType = "float32")]
[Dense(1)]
public partial class TunedAdamRegressor;

/// <summary>Adam's β and ε from <c>[Model]</c> reach the model's <c>TrainingOptions</c>.</summary>
public sealed class OptimizerOptionModelTests
{
    [Fact]
    public void BetasAndEpsilon_AreTheGeneratedTrainingOptions()
    {
        Assert.Equal(0.5, TunedAdamRegressor.TrainingOptions.Beta1);
        Assert.Equal(0.99, TunedAdamRegressor.TrainingOptions.Beta2);
        Assert.Equal(1e-4, TunedAdamRegressor.TrainingOptions.Epsilon);
        Assert.Null(KerasTwoGru.TrainingOptions.Beta1);
    }
}
