using Xunit;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// Generated GRU layers against the cell written out in float64 over the module's own weights
/// (PyTorch gate rows <c>[r, z, n]</c>, n = tanh(W_in·x + b_in + r·(W_hn·h + b_hn)), which is Keras reset_after = True).
/// </summary>
public sealed class GruNumericsTests
    : GatedRecurrentNumericsTests<GruAllSteps, GruLastStep, GruNoBiasAllSteps, GruBackwardsAllSteps, GruBackwardsLastStep>
{
    public GruNumericsTests()
        : base(layer: "gru", gates: 3, seedBase: 200, loop: (model, layer) => new GruReference(model, layer))
    {
    }

    [Fact]
    public void Weights_HaveTheThreeGateLayout() => AssertTheGateLayout();

    // gru reads the steps backwards and hands them up in that order; gru_1 reads what it is given forwards.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stacked_WithABackwardsFirstLayer_EqualsRunningTheCellLoopTwice(bool gradients) =>
        AssertStackedEqualsTheLoopTwice<GruStackedBackwardsFirst>(firstGoesBackwards: true, gradients);
}
