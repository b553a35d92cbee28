using System.Linq;
using ModelDsl.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Options;

[Model(Loss = "mse")]
[Input(5, 3, DType = "float32")]
[GRU(4, KernelRegularizer = "l2(0.5)", RecurrentRegularizer = "l1(0.25)")]
[Dense(2, KernelRegularizer = "l1_l2(l1=0.1, l2=0.2)")]
public partial class RegularizedGruRegressor;

[Model(Loss = "mse")]
[Input(5, 3, DType = "float32")]
[GRU(4)]
[Dense(2)]
public partial class PlainGruRegressor;

/// <summary>Regularizers declared on the attributes add Keras's penalty to the loss the model reports.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RegularizerModelTests
{
    [Fact]
    public void EvaluatedLoss_IsTheUnregularizedLoss_PlusEachLayersPenalty()
    {
        manual_seed(1331);
        using var regularized = new RegularizedGruRegressor();
        using var plain = new PlainGruRegressor();
        RecurrentOptionModelTests.CopyWeights(regularized, "", plain);
        using var x = randn(6, 5, 3);
        using var y = randn(6, 2);

        var withPenalty = regularized.Evaluate(x, y, batchSize: 6)["loss"];
        var without = plain.Evaluate(x, y, batchSize: 6)["loss"];

        double Sum(string name, System.Func<Tensor, Tensor> f) => f(Weight(regularized, name)).sum().item<float>();
        var penalty = 0.5 * Sum("gru.cell.weight_ih_l0", w => w.square())
            + 0.25 * Sum("gru.cell.weight_hh_l0", w => w.abs())
            + 0.1 * Sum("dense.weight", w => w.abs()) + 0.2 * Sum("dense.weight", w => w.square());
        Assert.True(penalty > 0.1, $"the penalty is not negligible: {penalty}");
        Assert.Equal(without + penalty, withPenalty, 4);
    }

    private static Tensor Weight(nn.Module model, string name) => model.named_parameters().Single(p => p.name == name).parameter.detach();
}
