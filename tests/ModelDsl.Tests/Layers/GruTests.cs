using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using Xunit;

namespace ModelDsl.Tests.Layers;

// Runs alone: the dropout-mask tests seed torch's process-wide generator twice and need the same draws after each.
[Collection(ModelDsl.Tests.Training.TrainingCollection.Name)]
public sealed class GruTests : RecurrentLayerTests
{
    public GruTests()
        : base(seed: 200)
    {
    }

    private protected override string KindName => "GRU";

    private protected override int Gates => 3;

    private protected override RecurrentLayer Create(long inputSize, long units, RecurrentOptions? options = null) =>
        new GRU(inputSize, units, options);

    private protected override RecurrentReference Reference(RecurrentLayer layer) => new GruReference(layer, "cell");
}
