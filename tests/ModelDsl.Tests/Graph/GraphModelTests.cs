using System;
using System.IO;
using System.Linq;
using ModelDsl.Runtime;
using ModelDsl.Generators.Tests.Infrastructure;
using ModelDsl.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Graph;

/// <summary>Generated graph models run on real TorchSharp: output shapes, shared weights, summaries, multi-input training.</summary>
[Collection(TrainingCollection.Name)]
public sealed class GraphModelTests
{
    [Fact]
    public void QaAttention_OnRandomIds_OutputsBatchBy30By200()
    {
        using var scope = NewDisposeScope();
        using var model = new QaAttention();
        model.eval();
        var sentence1 = randint(0, 1000, new long[] { 3, 20 }, dtype: ScalarType.Int64);
        var sentence2 = randint(0, 1000, new long[] { 3, 30 }, dtype: ScalarType.Int64);

        var output = model.call(sentence1, sentence2);

        Assert.Equal(new long[] { 3, 30, 200 }, output.shape);
        Assert.True(output.abs().max().item<float>() <= 1f, "the last Dense applies tanh");
        Assert.True(output.isfinite().all().item<bool>());
    }

    [Fact]
    public void QaAttention_SecondInputOfTheWrongLength_IsRejectedNamingIt()
    {
        using var scope = NewDisposeScope();
        using var model = new QaAttention();

        var error = Assert.Throws<ModelInputException>(() => model.call(zeros(2, 20, dtype: ScalarType.Int64), zeros(2, 31, dtype: ScalarType.Int64)));

        Assert.Equal("QaAttention: input 'sentence2' expects [batch, 30] int64, got [2, 31] int64", error.Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void QaAttention_BothInputsReadOneEmbeddingTable()
    {
        using var scope = NewDisposeScope();
        using var model = new QaAttention();
        var embeddingParameters = model.named_parameters().Where(p => p.name.StartsWith("embed.", StringComparison.Ordinal)).ToList();
        var table = Assert.Single(embeddingParameters).parameter;
        Assert.Same(model.Embed.weight, table);
        Assert.Equal(new long[] { 1000, 100 }, table.shape);

        // sentence1 uses ids 1..20 only, sentence2 ids 500..529 only: both sets of rows get gradients, others none.
        var sentence1 = arange(1, 21, dtype: ScalarType.Int64).unsqueeze(0);
        var sentence2 = arange(500, 530, dtype: ScalarType.Int64).unsqueeze(0);
        model.call(sentence1, sentence2).sum().backward();
        var rowHasGradient = table.grad!.abs().sum(1).gt(0);

        Assert.True(rowHasGradient.narrow(0, 1, 20).all().item<bool>(), "rows read by sentence1");
        Assert.True(rowHasGradient.narrow(0, 500, 30).all().item<bool>(), "rows read by sentence2");
        Assert.Equal(50, rowHasGradient.sum().item<long>());
    }

    [Fact]
    public void QaAttention_SummaryTotals_AreTheModulesParameterCount_AndTheSharedEmbeddingShowsMultiple()
    {
        using var model = new QaAttention();
        var text = new StringWriter();

        var summary = model.Summary(text);

        Assert.Equal(model.parameters().Sum(p => p.numel()), summary.TotalParameters);
        Assert.Equal(new[] { "embed", "encode1", "encode2", "output" }, summary.Rows.Select(r => r.Name));
        Assert.Equal("multiple", summary.Rows[0].OutputShape);
        Assert.Equal("(None, 30, 200)", summary.Rows[3].OutputShape);
        Assert.Equal(1000 * 100, summary.Rows[0].Parameters);
        Assert.Equal(summary.ToString(), text.ToString());
        Snapshot.Match(text.ToString(), "txt");
    }

    [Fact]
    public void AttentiveTagger_ForwardBothAndDotAttention_GiveTheInferredShape()
    {
        using var scope = NewDisposeScope();
        using var model = new AttentiveTagger();
        model.eval();

        var output = model.call(randint(0, 800, new long[] { 2, 12 }, dtype: ScalarType.Int64));

        Assert.Equal(new long[] { 2, 12, 5 }, output.shape);
        Assert.True(output.sum(-1).sub(1).abs().max().item<float>() < 1e-5f, "softmax over the 5 tags at every step");
    }

    [Fact]
    public void TinyQa_FitOnTwoInputs_LowersTheLoss()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var model = new TinyQa();
        var question = randint(1, 50, new long[] { 64, 6 }, dtype: ScalarType.Int64);
        var answer = randint(1, 50, new long[] { 64, 9 }, dtype: ScalarType.Int64);
        var y = answer.lt(25).to_type(ScalarType.Float32).unsqueeze(-1); // learnable from the answer's own ids

        var history = model.Fit(question, answer, y, epochs: 8, batchSize: 16, seed: 3, verbose: 0);

        var first = history.Epochs[0].Values["loss"];
        var last = history.Epochs[^1].Values["loss"];
        Assert.True(last < 0.7 * first, $"loss {first} -> {last}");
        Assert.Equal(new long[] { 64, 9, 1 }, model.Predict(question, answer, batchSize: 32).shape);
        Assert.True(model.Evaluate(question, answer, y)["loss"] < first);
    }
}
