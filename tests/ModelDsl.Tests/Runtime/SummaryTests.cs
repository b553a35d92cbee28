using System;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Runtime;

/// <summary>Keras-style summaries: counts come from the live module, text has Keras's rows and totals.</summary>
public sealed class SummaryTests
{
    [Fact]
    public void Imdb_TotalParameters_Is1300769_AndEqualsTheModulesParameterCount()
    {
        using var model = new ImdbLstm();

        var summary = model.Summary(TextWriter.Null);

        // embedding 10000·128 + LSTM 4·32·(128 + 32) + two bias vectors 2·4·32 + dense 32·1 + 1
        Assert.Equal(1_300_769L, summary.TotalParameters);
        Assert.Equal(ParameterCount(model), summary.TotalParameters);
        Assert.Equal(summary.TotalParameters, summary.TrainableParameters);
        Assert.Equal(0L, summary.NonTrainableParameters);
        Assert.Equal(new[] { "embedding", "lstm", "dense" }, summary.Rows.Select(r => r.Name));
        Assert.Equal(new[] { "Embedding", "LSTM", "Dense" }, summary.Rows.Select(r => r.LayerType));
        Assert.Equal(new[] { "(None, 40, 128)", "(None, 32)", "(None, 1)" }, summary.Rows.Select(r => r.OutputShape));
        Assert.Equal(new[] { 1_280_000L, 20_736L, 33L }, summary.Rows.Select(r => r.Parameters));
    }

    [Fact]
    public void Imdb_PrintedText_HasKerasRows_AndEndsWithTheTotals()
    {
        using var model = new ImdbLstm();
        using var writer = new StringWriter();

        var summary = model.Summary(writer);

        var text = writer.ToString();
        Assert.Equal(summary.ToString(), text);
        Assert.StartsWith("Model: \"ImdbLstm\"\n", text, StringComparison.Ordinal);
        var lines = text.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);   // every line ends in \n
        var embeddingRow = Assert.Single(lines, l => l.Contains("embedding (Embedding)", StringComparison.Ordinal));
        Assert.Contains("(None, 40, 128)", embeddingRow, StringComparison.Ordinal);
        Assert.EndsWith("1,280,000", embeddingRow, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("lstm (LSTM)", StringComparison.Ordinal) && l.Contains("(None, 32)", StringComparison.Ordinal) && l.EndsWith("20,736", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("dense (Dense)", StringComparison.Ordinal) && l.Contains("(None, 1)", StringComparison.Ordinal) && l.EndsWith("33", StringComparison.Ordinal));

        // The totals close the table, followed only by Keras's closing rule.
        var tail = lines[^5..^1];
        Assert.Equal("Total params: 1,300,769", tail[0]);
        Assert.Equal("Trainable params: 1,300,769", tail[1]);
        Assert.Equal("Non-trainable params: 0", tail[2]);
        Assert.Matches("^_+$", tail[3]);
    }

    [Fact]
    public void FrozenParameters_AreCountedAsNonTrainable()
    {
        using var model = new ImdbLstm();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.StartsWith("embedding.", StringComparison.Ordinal))
            {
                parameter.requires_grad = false;
            }
        }

        using var writer = new StringWriter();
        var summary = model.Summary(writer);

        Assert.Equal(1_300_769L, summary.TotalParameters);
        Assert.Equal(20_769L, summary.TrainableParameters);
        Assert.Equal(1_280_000L, summary.NonTrainableParameters);
        Assert.Contains("Non-trainable params: 1,280,000\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StackedGru_TotalEqualsTheModulesParameterCount()
    {
        using var model = new StackedGruSummary();

        var summary = model.Summary(TextWriter.Null);

        // embedding 2000·64; gru 3·48·(64 + 48) + 2·3·48; gru_1 3·24·(48 + 24) + 2·3·24; dense 24 + 1
        Assert.Equal(128_000L + 16_416L + 5_328L + 25L, summary.TotalParameters);
        Assert.Equal(ParameterCount(model), summary.TotalParameters);
        Assert.Equal(new[] { "embedding", "gru", "gru_1", "dense" }, summary.Rows.Select(r => r.Name));
        Assert.Equal(new[] { "(None, 50, 64)", "(None, 50, 48)", "(None, 24)", "(None, 1)" }, summary.Rows.Select(r => r.OutputShape));
    }

    [Fact]
    public void SimpleRnnWithoutBias_TotalEqualsTheModulesParameterCount()
    {
        using var model = new FeatureRnnWithoutBias();

        var summary = model.Summary(TextWriter.Null);

        // simple_rnn 16·8 + 16·16, no biases; dense 16·3 + 3
        Assert.Equal(384L + 51L, summary.TotalParameters);
        Assert.Equal(ParameterCount(model), summary.TotalParameters);
        Assert.Equal(384L, summary.Rows.Single(r => r.Name == "simple_rnn").Parameters);
    }

    [Fact]
    public void DenseStackWithActivationLayers_TotalEqualsTheModulesParameterCount_AndActivationsHoldNone()
    {
        using var model = new TopicClassifierStack();
        using var writer = new StringWriter();

        var summary = model.Summary(writer);

        Assert.Equal(64_064L + 2_080L + 528L + 782L, summary.TotalParameters);
        Assert.Equal(ParameterCount(model), summary.TotalParameters);
        Assert.Equal(
            new[] { "dense", "dropout", "dense_1", "dense_2", "activation", "dense_3", "activation_1" },
            summary.Rows.Select(r => r.Name));
        Assert.All(summary.Rows.Where(r => r.LayerType is "Activation" or "Dropout"), r => Assert.Equal(0L, r.Parameters));
        Assert.Contains(writer.ToString().Split('\n'), l => l.Contains("activation (Activation)", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public void StackedBidirectional_RowsCountBothDirections()
    {
        using var model = new StackedBidirectionalSummary();

        var summary = model.Summary(TextWriter.Null);

        // Each direction is a full copy of the wrapped layer (TorchSharp's two bias vectors per gate):
        // LSTM 128 -> 64: 4·64·(128 + 64) + 2·4·64 = 49,664; GRU 128 -> 32: 3·32·(128 + 32) + 2·3·32 = 15,552.
        Assert.Equal(new[] { "embedding", "bidirectional", "bidirectional_1", "dense" }, summary.Rows.Select(r => r.Name));
        Assert.Equal(new[] { "Embedding", "Bidirectional", "Bidirectional", "Dense" }, summary.Rows.Select(r => r.LayerType));
        Assert.Equal(new[] { "(None, 40, 128)", "(None, 40, 128)", "(None, 32)", "(None, 1)" }, summary.Rows.Select(r => r.OutputShape));
        Assert.Equal(new[] { 1_280_000L, 2 * 49_664L, 2 * 15_552L, 33L }, summary.Rows.Select(r => r.Parameters));
        Assert.Equal(ParameterCount(model), summary.TotalParameters);
    }

    private static long ParameterCount(nn.Module model) => model.parameters().Sum(p => p.numel());
}
