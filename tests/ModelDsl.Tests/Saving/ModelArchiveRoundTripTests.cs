using System.IO;
using System.Linq;
using ModelDsl.Saving;
using ModelDsl.Tests.Graph;
using ModelDsl.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Saving;

/// <summary>
/// <c>model.Save(path)</c> then <c>TModel.Load(path)</c> gives the same model, bit for bit, for stacks and graph models;
/// <c>ModelArchive.Read</c> gives back the tokenizer, the padding, the compile options and the signatures.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ModelArchiveRoundTripTests : System.IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SaveThenLoad_OfAStack_GivesBitIdenticalPredictions()
    {
        RandomSeed.Set(11);
        using var model = new ArchiveLstm();
        using Tensor x = ArchiveTestSupport.Ids(9, 12);
        using Tensor expected = model.Predict(x);
        string path = _directory.File("lstm.mdsl");

        model.Save(path);
        using ArchiveLstm loaded = ArchiveLstm.Load(path);
        using Tensor actual = loaded.Predict(x);

        Assert.True(TrainingTestSupport.Identical(expected, actual));
        TrainingTestSupport.AssertSameWeights(model, loaded);
    }

    [Fact]
    public void SaveThenLoad_OfAGraphModel_GivesBitIdenticalPredictions()
    {
        RandomSeed.Set(12);
        using var model = new ArchiveGraph();
        using Tensor x = ArchiveTestSupport.Ids(5, 10);
        using Tensor expected = model.Predict(x);
        string path = _directory.File("graph.mdsl");

        model.Save(path);
        using ArchiveGraph loaded = ArchiveGraph.Load(path);
        using Tensor actual = loaded.Predict(x);

        Assert.True(TrainingTestSupport.Identical(expected, actual));
    }

    [Fact]
    public void SaveThenLoad_OfAGraphModelWithTwoInputs_GivesBitIdenticalPredictions()
    {
        RandomSeed.Set(13);
        using var model = new TinyQa();
        using Tensor question = ArchiveTestSupport.Ids(4, 6, vocabulary: 50);
        using Tensor answer = ArchiveTestSupport.Ids(4, 9, vocabulary: 50);
        using Tensor expected = model.Predict(question, answer);
        string path = _directory.File("qa.mdsl");

        model.Save(path);
        using TinyQa loaded = TinyQa.Load(path);
        using Tensor actual = loaded.Predict(question, answer);

        Assert.True(TrainingTestSupport.Identical(expected, actual));
        ModelArchive archive = ModelArchive.Read(path);
        Assert.Equal(new[] { "question", "answer" }, archive.Inputs.Select(i => i.InputName));
        Assert.Equal(new long[] { -1, 9 }, archive.Inputs[1].Dimensions);
    }

    [Fact]
    public void Read_GivesBackTheTokenizerThePaddingTheCompileOptionsAndTheSignatures()
    {
        RandomSeed.Set(14);
        using var model = new ArchiveSoftmax();
        var tokenizer = ArchiveTestSupport.FittedTokenizer();
        string path = _directory.File("softmax.mdsl");

        model.Save(path, tokenizer, new TextPreprocessing(9, padding: "post", truncating: "post"));
        ModelArchive archive = ModelArchive.Read(path);

        Assert.Equal(ModelArchive.FormatVersion, archive.Version);
        Assert.Equal("ArchiveSoftmax", archive.ModelName);
        Assert.Equal(tokenizer.ToJson(), archive.Tokenizer!.ToJson());
        Assert.Equal((9, "post", "post"), (archive.Preprocessing!.MaxLength, archive.Preprocessing.Padding, archive.Preprocessing.Truncating));
        Assert.Equal(LayerSignature.Of(model), archive.Layers);
        Assert.Equal(ScalarType.Int64, archive.Inputs.Single().ElementType);
        Assert.Equal(new long[] { -1, -1 }, archive.Inputs.Single().Dimensions);
        Assert.Equal("sparse_categorical_crossentropy", archive.TrainingOptions.Loss);
        Assert.Equal("rmsprop", archive.TrainingOptions.Optimizer);
        Assert.Null(archive.TrainingOptions.LearningRate);

        using var lstm = new ArchiveLstm();
        lstm.Save(path);
        var options = ModelArchive.Read(path).TrainingOptions;
        Assert.Equal(
            (ArchiveLstm.TrainingOptions.Loss, ArchiveLstm.TrainingOptions.Optimizer, ArchiveLstm.TrainingOptions.LearningRate, ArchiveLstm.TrainingOptions.Beta1, ArchiveLstm.TrainingOptions.Beta2),
            (options.Loss, options.Optimizer, options.LearningRate, options.Beta1, options.Beta2));
        Assert.Equal(ArchiveLstm.TrainingOptions.Metrics, options.Metrics);
        Assert.Equal((0.005, 0.8), (options.LearningRate!.Value, options.Beta1!.Value));
    }

    [Fact]
    public void Save_WithoutPreprocessing_OfAFixedLengthModel_RecordsItsLength()
    {
        using var model = new ArchiveLstm();
        string path = _directory.File("fixed.mdsl");

        model.Save(path, ArchiveTestSupport.FittedTokenizer());

        var preprocessing = ModelArchive.Read(path).Preprocessing!;
        Assert.Equal((12, "pre", "pre"), (preprocessing.MaxLength, preprocessing.Padding, preprocessing.Truncating));
    }

    [Fact]
    public void Save_WithPreprocessingOfAnotherLength_IsRefusedAndWritesNothing()
    {
        using var model = new ArchiveLstm();
        string path = _directory.File("wrong.mdsl");

        var error = Assert.Throws<System.ArgumentException>(() => model.Save(path, ArchiveTestSupport.FittedTokenizer(), new TextPreprocessing(30)));

        Assert.Contains("ArchiveLstm takes 12 ids per text, but the preprocessing pads to 30", error.Message, System.StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Save_TheSameModelTwice_GivesTheSameBytes()
    {
        RandomSeed.Set(15);
        using var model = new ArchiveLstm();
        var tokenizer = ArchiveTestSupport.FittedTokenizer();

        model.Save(_directory.File("a.mdsl"), tokenizer);
        model.Save(_directory.File("b.mdsl"), tokenizer);

        Assert.Equal(File.ReadAllBytes(_directory.File("a.mdsl")), File.ReadAllBytes(_directory.File("b.mdsl")));
    }
}
