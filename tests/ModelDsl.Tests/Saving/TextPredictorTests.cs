using System;
using System.Linq;
using ModelDsl.Saving;
using ModelDsl.Tests.Graph;
using ModelDsl.Tests.Training;
using ModelDsl.Text;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Saving;

/// <summary>
/// <c>TModel.LoadPredictor(path).Predict(texts)</c> gives exactly what tokenizing, padding as saved and calling
/// <c>Predict</c> by hand gives, a batch at a time; models it cannot serve are refused with what is missing.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class TextPredictorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void PredictPositive_OfASigmoidModel_IsTokenizePadAndPredictByHand()
    {
        RandomSeed.Set(31);
        using var model = new ArchiveLstm();
        Tokenizer tokenizer = ArchiveTestSupport.FittedTokenizer();
        string path = _directory.File("lstm.mdsl");
        model.Save(path, tokenizer);
        string[] texts = ArchiveTestSupport.Texts.Append("great great great boring").ToArray();

        using var predictor = ArchiveLstm.LoadPredictor(path);
        float[] probabilities = predictor.PredictPositive(texts, batchSize: 4);

        using Tensor x = Sequences.PadSequences(tokenizer.TextsToSequences(texts), maxLen: 12).ToTensor();
        using Tensor expected = model.Predict(x, batchSize: 4);
        Assert.Equal(expected.data<float>().ToArray(), probabilities);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(probabilities.Select(p => new[] { p }), predictor.Predict(texts, batchSize: 4));
        Assert.False(predictor.Model.training);
    }

    [Fact]
    public void Predict_OfASoftmaxModel_GivesARowPerText_PaddedAndCutAsSaved()
    {
        RandomSeed.Set(32);
        using var model = new ArchiveSoftmax();
        Tokenizer tokenizer = ArchiveTestSupport.FittedTokenizer();
        string path = _directory.File("softmax.mdsl");
        model.Save(path, tokenizer, new TextPreprocessing(6, padding: "post", truncating: "post"));

        using var predictor = ArchiveSoftmax.LoadPredictor(path);
        float[][] rows = predictor.Predict(ArchiveTestSupport.Texts, batchSize: 2);

        using Tensor x = Sequences.PadSequences(tokenizer.TextsToSequences(ArchiveTestSupport.Texts), 6, "post", "post").ToTensor();
        using Tensor expected = model.Predict(x, batchSize: 2);
        Assert.Equal(ArchiveTestSupport.Texts.Length, rows.Length);
        Assert.All(rows, row => Assert.Equal(3, row.Length));
        Assert.Equal(expected.data<float>().ToArray(), rows.SelectMany(r => r));
        Assert.All(rows, row => Assert.Equal(1.0, row.Sum(), 5));
        var error = Assert.Throws<InvalidOperationException>(() => predictor.PredictPositive(ArchiveTestSupport.Texts));
        Assert.Contains("ArchiveSoftmax outputs 3 values per text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_OfAGraphModelOfOneSequence_Works()
    {
        RandomSeed.Set(33);
        using var model = new ArchiveGraph();
        Tokenizer tokenizer = ArchiveTestSupport.FittedTokenizer();
        string path = _directory.File("graph.mdsl");
        model.Save(path, tokenizer);

        using var predictor = ArchiveGraph.LoadPredictor(path);
        float[] probabilities = predictor.PredictPositive(ArchiveTestSupport.Texts);

        using Tensor x = Sequences.PadSequences(tokenizer.TextsToSequences(ArchiveTestSupport.Texts), maxLen: 10).ToTensor();
        using Tensor expected = model.Predict(x);
        Assert.Equal(expected.data<float>().ToArray(), probabilities);
        Assert.Empty(predictor.PredictPositive(Array.Empty<string>()));
    }

    [Fact]
    public void LoadPredictor_OfAnArchiveWithoutTokenizer_SaysHowToSaveOne()
    {
        using var model = new ArchiveLstm();
        string path = _directory.File("bare.mdsl");
        model.Save(path);

        var error = Assert.Throws<InvalidOperationException>(() => ArchiveLstm.LoadPredictor(path));

        Assert.Contains($"{path} holds no tokenizer", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.Save(path, tokenizer)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPredictor_OfAModelWithTwoInputs_SaysItNeedsOneSequenceOfIds()
    {
        using var model = new TinyQa();
        string path = _directory.File("qa.mdsl");
        model.Save(path, ArchiveTestSupport.FittedTokenizer());

        var error = Assert.Throws<ArgumentException>(() => TinyQa.LoadPredictor(path));

        Assert.Contains("one input is a sequence of token ids ([batch, length] int64); TinyQa takes question", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPredictor_OfAModelOfFeatures_SaysItNeedsTokenIds()
    {
        using var model = new CompiledBinaryWithDropout();
        string path = _directory.File("features.mdsl");
        model.Save(path, ArchiveTestSupport.FittedTokenizer());

        var error = Assert.Throws<ArgumentException>(() => CompiledBinaryWithDropout.LoadPredictor(path));

        Assert.Contains("CompiledBinaryWithDropout takes input [batch, 8] float32", error.Message, StringComparison.Ordinal);
    }
}
