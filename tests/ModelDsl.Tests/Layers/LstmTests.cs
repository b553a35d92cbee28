using ModelDsl.Layers;
using ModelDsl.Tests.Numerics;
using Xunit;

namespace ModelDsl.Tests.Layers;

// Runs alone: the dropout-mask tests seed torch's process-wide generator twice and need the same draws after each.
[Collection(ModelDsl.Tests.Training.TrainingCollection.Name)]
public sealed class LstmTests : RecurrentLayerTests
{
    public LstmTests()
        : base(seed: 300)
    {
    }

    private protected override string KindName => "LSTM";

    private protected override int Gates => 4;

    private protected override RecurrentLayer Create(long inputSize, long units, RecurrentOptions? options = null) =>
        new LSTM(inputSize, units, options);

    private protected override RecurrentReference Reference(RecurrentLayer layer) => new LstmReference(layer, "cell");
}
