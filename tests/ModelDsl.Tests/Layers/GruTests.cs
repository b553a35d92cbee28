using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;

namespace ModelDsl.Tests.Layers;

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
