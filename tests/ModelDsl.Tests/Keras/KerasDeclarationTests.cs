using ModelDsl.Interop.Keras;
using Xunit;

namespace ModelDsl.Tests.Keras;

/// <summary><see cref="KerasModel.ToCSharp"/> prints the declaration of a saved Sequential model, which fits the file's weights.</summary>
public sealed class KerasDeclarationTests
{
    [Fact]
    public void ToCSharp_ImdbLstm_PrintsTheDeclarationOfTheSample()
    {
        var declaration = KerasModel.ToCSharp(KerasFixture.PathOf("imdb_lstm.h5"));

        Assert.Equal(
            "[Model]\n[Input(40)]\n[Embedding(10000, 128)]\n[LSTM(32)]\n[Dense(1, Activation = \"sigmoid\")]\npublic partial class ImdbLstm;\n",
            declaration);
    }

    [Fact]
    public void ToCSharp_BidirectionalStack_PrintsMergeModesAndOnlyTheOptionsThatDifferFromTheDefaults()
    {
        var declaration = KerasModel.ToCSharp(KerasFixture.PathOf("bidirectional.h5"), "KerasBidirectionalStack");

        // The declaration of KerasModels.KerasBidirectionalStack, which LoadWeights fills from this file.
        Assert.Equal(
            "[Model]\n[Input(6, 4, DType = \"float32\")]\n[Bidirectional]\n[SimpleRNN(5, ReturnSequences = true)]\n[Bidirectional(Merges.Sum)]\n"
            + "[LSTM(3, ReturnSequences = true, RecurrentActivation = \"hard_sigmoid\")]\n[GRU(4, GoBackwards = true)]\n[Dense(2, UseBias = false)]\n"
            + "public partial class KerasBidirectionalStack;\n",
            declaration);
    }

    [Fact]
    public void ToCSharp_GruBothForms_KeepsDropoutAndResetAfterFalse()
    {
        var declaration = KerasModel.ToCSharp(KerasFixture.PathOf("gru_both_forms.h5"));

        Assert.Equal(
            "[Model]\n[Input(7, 5, DType = \"float32\")]\n[GRU(6, ReturnSequences = true)]\n[Dropout(0.5)]\n[GRU(4, ResetAfter = false)]\n"
            + "[Dense(3, Activation = \"softmax\")]\npublic partial class GruBothForms;\n",
            declaration);
    }

    [Fact]
    public void ToCSharp_WeightsOnlyFile_SaysItHoldsNoModel()
    {
        var error = Assert.Throws<KerasImportException>(() => KerasModel.ToCSharp(KerasFixture.PathOf("conv1d_weights.h5")));

        Assert.Contains("has no root attribute 'model_config'", error.Message);
    }

    [Fact]
    public void ToCSharp_FunctionalModel_SaysOnlySequentialModelsArePrinted()
    {
        var error = Assert.Throws<KerasImportException>(() => KerasModel.ToCSharp(KerasFixture.PathOf("functional.h5")));

        Assert.Contains("the model is a Functional; only Sequential models can be printed as a declaration", error.Message);
    }
}
