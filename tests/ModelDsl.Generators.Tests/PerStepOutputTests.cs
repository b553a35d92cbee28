using System.Linq;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>MDSL0209: one output per step where the loss has one label per example (Keras's missing Flatten).</summary>
public sealed class PerStepOutputTests
{
    private static string Stack(string loss, string layers) => $$"""
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "{{loss}}")]
        [Input(20)]
        [Embedding(1000, 8)]
        {{layers}}
        public partial class Reviews;
        """;

    [Fact]
    public void DenseOverEmbeddedTokens_WithBinaryCrossentropy_WarnsAtTheDense_AndStillGenerates()
    {
        var run = GeneratorHarness.Run(Stack("binary_crossentropy", "[Dense(1, Activation = \"sigmoid\")]"));

        var warning = Assert.Single(run.Diagnostics, d => d.Id == "MDSL0209");
        Assert.Equal(
            "The model outputs [B, 20, 1], one value per step, but 'binary_crossentropy' compares it with one label per example ([batch, 1]): add [Flatten] before the last layer so it outputs [B, 1], or read the sequence with a recurrent layer",
            warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Dense(1, Activation = \"sigmoid\")", warning.Location.SourceTree!.ToString().Substring(warning.Location.SourceSpan.Start, warning.Location.SourceSpan.Length));
        Assert.Empty(run.CompilerErrors);
    }

    [Fact]
    public void SequencesFromAnLstm_IntoDense1_Warn()
    {
        var run = GeneratorHarness.Run(Stack("binary_crossentropy", "[LSTM(8, ReturnSequences = true)]\n[Dense(1, Activation = \"sigmoid\")]"));

        Assert.Contains(run.Diagnostics, d => d.Id == "MDSL0209");
    }

    [Theory]
    [InlineData("binary_crossentropy", "[Flatten]\n[Dense(1, Activation = \"sigmoid\")]")]
    [InlineData("binary_crossentropy", "[LSTM(8)]\n[Dense(1, Activation = \"sigmoid\")]")]
    [InlineData("sparse_categorical_crossentropy", "[LSTM(8, ReturnSequences = true)]\n[Dense(1000, Activation = \"softmax\")]")]
    public void OnePredictionPerExample_OrPerStepCategorical_DoesNotWarn(string loss, string layers)
    {
        var run = GeneratorHarness.Run(Stack(loss, layers));

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "MDSL0209");
    }
}
