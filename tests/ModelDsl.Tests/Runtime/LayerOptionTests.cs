using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Runtime;

/// <summary>Options the generator passes to the runtime layers: a frozen embedding and Keras's initialization.</summary>
[Collection(TrainingCollection.Name)]
public sealed class LayerOptionTests
{
    [Fact]
    public void FrozenEmbedding_IsCountedAsNonTrainable_InTheSummary()
    {
        using var model = new FrozenEmbeddingLstm();
        using var writer = new StringWriter();

        var summary = model.Summary(writer);

        // embedding 30·4 frozen; lstm 4·3·(4 + 3) + 2·4·3 and dense 3 + 1 train.
        Assert.Equal(120L, summary.NonTrainableParameters);
        Assert.Equal(84L + 24L + 4L, summary.TrainableParameters);
        Assert.Equal(120L, summary.Rows.Single(r => r.Name == "embedding").Parameters);
        Assert.Equal(0L, summary.Rows.Single(r => r.Name == "embedding").TrainableParameters);
        var text = writer.ToString();
        Assert.Contains("Total params: 232\n", text, StringComparison.Ordinal);
        Assert.Contains("Trainable params: 112\n", text, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 120\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FrozenEmbedding_KeepsItsVectorsThroughFit_WhileTheLayersBelowTrain()
    {
        manual_seed(701);
        using var model = new FrozenEmbeddingLstm();
        using var generator = new Generator(702, CPU);
        using var x = randint(1, 30, new long[] { 32, 6 }, generator: generator);
        using var y = x.select(1, 0).gt(15).to_type(ScalarType.Float32).unsqueeze(1);
        var embeddingBefore = TrainingTestSupport.Values(Parameter(model, "embedding.weight"));
        var denseBefore = TrainingTestSupport.Values(Parameter(model, "dense.weight"));

        model.Fit(x, y, epochs: 2, batchSize: 8, seed: 703, verbose: 0);

        Assert.Equal(embeddingBefore, TrainingTestSupport.Values(Parameter(model, "embedding.weight")));
        Assert.NotEqual(denseBefore, TrainingTestSupport.Values(Parameter(model, "dense.weight")));
    }

    [Fact]
    public void GloveVectors_LoadIntoTheFrozenEmbedding_AndSurviveFit()
    {
        // A GloVe-format file with 4-dimensional vectors for two of the tokenizer's words.
        var path = Path.Combine(Path.GetTempPath(), $"modeldsl-glove-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "great 0.5 0.25 -1 2\nawful -0.5 1.5 0 0.125\nunseen 9 9 9 9\n");
        try
        {
            var wordIndex = new Dictionary<string, int> { ["great"] = 1, ["awful"] = 2, ["film"] = 3 };
            using var matrix = PretrainedVectors.ReadGlove(path, wordIndex, inputDim: 30, outputDim: 4);
            manual_seed(704);
            using var model = new FrozenEmbeddingLstm();

            PretrainedVectors.LoadInto(model, "embedding", matrix);
            using var generator = new Generator(705, CPU);
            using var x = randint(1, 30, new long[] { 32, 6 }, generator: generator);
            using var y = x.select(1, 0).gt(15).to_type(ScalarType.Float32).unsqueeze(1);
            model.Fit(x, y, epochs: 1, batchSize: 8, seed: 706, verbose: 0);

            var table = TrainingTestSupport.Values(Parameter(model, "embedding.weight"));
            Assert.Equal(new[] { 0.5, 0.25, -1, 2 }, table.Skip(4).Take(4));
            Assert.Equal(new[] { -0.5, 1.5, 0, 0.125 }, table.Skip(8).Take(4));
            Assert.All(table.Take(4).Concat(table.Skip(12)), v => Assert.Equal(0.0, v)); // padding row, words without vectors
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PretrainedVectors_OfTheWrongShapeOrForAnUnknownLayer_AreRejectedByName()
    {
        using var model = new FrozenEmbeddingLstm();
        using var tooWide = zeros(30, 50);

        var shape = Assert.Throws<ArgumentException>(() => PretrainedVectors.LoadInto(model, "embedding", tooWide));
        Assert.Contains("Embedding(30, 4)", shape.Message);
        Assert.Contains("[30, 50]", shape.Message);
        var name = Assert.Throws<ArgumentException>(() => PretrainedVectors.LoadInto(model, "embeding", tooWide));
        Assert.Contains("FrozenEmbeddingLstm has no Embedding named 'embeding' (its embeddings: embedding)", name.Message);
    }

    [Fact]
    public void KerasInitializer_GivesUniformSmallEmbeddings_GlorotKernels_AndZeroBiases()
    {
        manual_seed(711);
        using var model = new KerasInitializedLstm();

        // Keras: embeddings U(-0.05, 0.05); Dense kernel glorot_uniform, limit √(6 / (fan_in + fan_out)); bias 0.
        var embedding = TrainingTestSupport.Values(Parameter(model, "embedding.weight"));
        Assert.All(embedding, v => Assert.InRange(v, -0.05, 0.05));
        Assert.True(embedding.Max() > 0.04 && embedding.Min() < -0.04, "4,800 uniform draws reach near both ends");
        var glorot = Math.Sqrt(6.0 / (8 + 4));
        var kernel = TrainingTestSupport.Values(Parameter(model, "dense.weight"));
        Assert.All(kernel, v => Assert.InRange(v, -glorot, glorot));
        Assert.True(kernel.Max(Math.Abs) > 1.0 / Math.Sqrt(8), "glorot reaches past TorchSharp's 1/√fan_in bound here");
        Assert.All(TrainingTestSupport.Values(Parameter(model, "dense.bias")), v => Assert.Equal(0.0, v));

        // LSTM biases: Keras's unit_forget_bias puts 1 on the forget gate (libtorch rows i, f, g, o), the rest 0;
        // libtorch's second bias vector, which Keras does not have, is 0.
        var units = 8;
        Assert.Equal(
            Enumerable.Range(0, 4 * units).Select(row => row >= units && row < 2 * units ? 1.0 : 0.0),
            TrainingTestSupport.Values(Parameter(model, "lstm.cell.bias_ih_l0")));
        Assert.All(TrainingTestSupport.Values(Parameter(model, "lstm.cell.bias_hh_l0")), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void TorchInitializer_LeavesTorchSharpsDefaults()
    {
        manual_seed(711);
        using var model = new TorchInitializedLstm();

        // TorchSharp's embedding is N(0, 1) and its Dense bias U(±1/√fan_in): neither is Keras's.
        var embedding = TrainingTestSupport.Values(Parameter(model, "embedding.weight"));
        Assert.True(embedding.Max(Math.Abs) > 1.0, "a standard normal table has values beyond ±1");
        Assert.Contains(TrainingTestSupport.Values(Parameter(model, "dense.bias")), v => v != 0.0);
    }

    private static Tensor Parameter(nn.Module model, string name) =>
        model.named_parameters().Single(p => p.name == name).parameter;
}
