using Xunit;

namespace ModelDsl.Tests.Numerics;

/// <summary>
/// Generated LSTM layers against the cell written out in float64 over the module's own weights
/// (PyTorch gate rows <c>[i, f, g, o]</c>, two bias vectors, zero initial state).
/// </summary>
public sealed class LstmNumericsTests
    : GatedRecurrentNumericsTests<LstmAllSteps, LstmLastStep, LstmNoBiasAllSteps, LstmBackwardsAllSteps, LstmBackwardsLastStep>
{
    public LstmNumericsTests()
        : base(layer: "lstm", gates: 4, seedBase: 100, loop: (model, layer) => new LstmReference(model, layer))
    {
    }

    [Fact]
    public void Weights_HaveTheFourGateLayout() => AssertTheGateLayout();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stacked_EqualsRunningTheCellLoopTwice(bool gradients) =>
        AssertStackedEqualsTheLoopTwice<LstmStacked>(firstGoesBackwards: false, gradients);
}
