using System;
using System.IO;
using ModelDsl.Interop.Keras;
using ModelDsl.Tests.Runtime;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Keras;

/// <summary>
/// <see cref="KerasModel.LoadWeights"/> against Keras-layout files written by Fixtures/make_fixtures.py: the loaded model
/// must give the outputs of a float64 NumPy forward pass of Keras's equations, and mismatches are refused by name and shape.
/// </summary>
public sealed class KerasImportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void LoadWeights_ImdbLstmSavedByModelSave_GivesKerasOutputs()
    {
        using var model = new ImdbLstm();
        AssertMatchesReference(model, "imdb_lstm.h5", ids: true);
    }

    [Fact]
    public void LoadWeights_BothGruForms_FromAWeightsFile_GiveKerasOutputs()
    {
        using var model = new KerasGruBothForms();
        AssertMatchesReference(model, "gru_both_forms_weights.h5", ids: false);
    }

    [Fact]
    public void LoadWeights_BothGruForms_FromAFullModelWithVariableLengthStrings_GiveKerasOutputs()
    {
        using var model = new KerasGruBothForms();
        AssertMatchesReference(model, "gru_both_forms.h5", ids: false);
    }

    [Fact]
    public void LoadWeights_BidirectionalSimpleRnnAndLstm_GruGoingBackwards_DenseWithoutBias_GiveKerasOutputs()
    {
        using var model = new KerasBidirectionalStack();
        AssertMatchesReference(model, "bidirectional.h5", ids: false);
    }

    [Fact]
    public void LoadWeights_EmbeddingConv1DAndPooling_FromAWeightsFile_GiveKerasOutputs()
    {
        using var model = new KerasConvolution();
        AssertMatchesReference(model, "conv1d_weights.h5", ids: true);
    }

    [Fact]
    public void LoadWeights_FunctionalModelWithItsInputLayer_GivesKerasOutputs()
    {
        using var model = new KerasFunctionalRnn();
        AssertMatchesReference(model, "functional.h5", ids: true);
    }

    [Fact]
    public void LoadWeights_ConvLstm2D_PutsKerasKernelsInLibtorchLayout()
    {
        using var model = new KerasConvLstm();
        KerasModel.LoadWeights(model, KerasFixture.PathOf("conv_lstm2d_weights.h5"));

        var layer = (ModelDsl.Layers.ConvLSTM2D)model.Layers["conv_lstm2d"];
        foreach (var (parameter, name) in new[] { (layer.weight_ih, "weight_ih"), (layer.weight_hh, "weight_hh"), (layer.bias!, "bias") })
        {
            var expected = tensor(KerasFixture.Values("expected_conv_lstm2d_weights.json", name), parameter.shape);
            Assert.True(expected.eq(parameter.detach()).all().item<bool>(), $"{name} differs from NumPy's transpose of the Keras weight");
        }
    }

    [Fact]
    public void LoadWeights_LayerCountDiffers_NamesBothLists()
    {
        using var model = new FeatureLstm();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("imdb_lstm.h5")));

        Assert.Contains("has 3 layers with weights ('embedding' (Embedding), 'lstm' (LSTM), 'dense' (Dense))", error.Message);
        Assert.Contains("the model has 1 ('lstm' (LSTM))", error.Message);
    }

    [Fact]
    public void LoadWeights_KindDiffers_NamesTheKerasLayerAndTheModelLayer()
    {
        using var model = new KerasLstmForGru();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("gru_both_forms.h5")));

        Assert.Contains("Keras layer 'gru' (GRU) does not fit model layer 'lstm' (LSTM): is a GRU, not a LSTM", error.Message);
    }

    [Fact]
    public void LoadWeights_UnitsDiffer_NamesTheWeightAndBothShapes()
    {
        using var model = new KerasImdbSmallerLstm();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("imdb_lstm.h5")));

        Assert.Contains("Keras layer 'lstm' (LSTM) does not fit model layer 'lstm' (LSTM): weight 'lstm/lstm_cell/kernel:0' has shape (128, 128), expected (128, 64)", error.Message);
    }

    [Fact]
    public void LoadWeights_ResetAfterDiffers_RefusesTheGruBiasByShape()
    {
        using var model = new KerasGruResetAfterOnly();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("gru_both_forms_weights.h5")));

        Assert.Contains("Keras layer 'gru_1' (GRU) does not fit model layer 'gru_1' (GRU): weight 'gru_1/gru_cell/bias:0' has shape (12,), expected (2, 12)", error.Message);
    }

    [Fact]
    public void LoadWeights_ModelHasABiasTheFileLacks_SaysWhichWeightIsMissing()
    {
        using var model = new KerasBidirectionalWithBias();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("bidirectional.h5")));

        Assert.Contains("Keras layer 'dense' (Dense) does not fit model layer 'dense' (Dense): has no 'bias' weight", error.Message);
    }

    [Fact]
    public void LoadWeights_FileHasABiasTheModelLacks_NamesTheExtraWeight()
    {
        using var model = new KerasGruWithoutDenseBias();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("gru_both_forms_weights.h5")));

        Assert.Contains("Keras layer 'dense' (Dense) does not fit model layer 'dense' (Dense): the file has weights the model layer has no parameter for (does use_bias differ?): 'dense/bias:0' (3,)", error.Message);
    }

    [Fact]
    public void LoadWeights_FullModelWithAnotherActivation_RefusesWhatWouldComputeDifferently()
    {
        using var model = new KerasGruLinearHead();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("gru_both_forms.h5")));

        Assert.Contains("Keras layer 'dense' (Dense) does not fit model layer 'dense' (Dense): activation is 'softmax' in the file but 'linear' in the declaration", error.Message);
    }

    [Fact]
    public void LoadWeights_FullModelWithHardSigmoidGates_RefusesSigmoidGatesInTheBidirectionalLayer()
    {
        using var model = new KerasBidirectionalSigmoidGates();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("bidirectional.h5")));

        Assert.Contains("Keras layer 'bidirectional_1' (Bidirectional(LSTM)) does not fit model layer 'bidirectional_1' (Bidirectional(LSTM)): recurrent_activation is 'hard_sigmoid' in the file but 'sigmoid' in the declaration", error.Message);
    }

    [Fact]
    public void LoadWeights_WeightsFile_HasNoOptionsToCompare_SoOnlyShapesDecide()
    {
        using var linear = new KerasGruLinearHead();
        using var softmax = new KerasGruBothForms();

        KerasModel.LoadWeights(linear, KerasFixture.PathOf("gru_both_forms_weights.h5"));
        KerasModel.LoadWeights(softmax, KerasFixture.PathOf("gru_both_forms_weights.h5"));

        var loaded = ((ModelDsl.Layers.Dense)linear.Layers["dense"]).weight.detach();
        Assert.True(loaded.eq(((ModelDsl.Layers.Dense)softmax.Layers["dense"]).weight.detach()).all().item<bool>(), "the linear head did not get the file's kernel");
    }

    [Fact]
    public void LoadWeights_ListedDatasetMissing_NamesTheLayerAndTheDataset()
    {
        using var model = new KerasConvolution();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("missing_dataset.h5")));

        Assert.Contains("layer 'dense' lists weight 'dense/bias:0' but the file has no dataset 'dense/dense/bias:0'", error.Message);
    }

    [Fact]
    public void LoadWeights_Hdf5FileThatIsNotKeras_SaysWhatIsMissing()
    {
        using var model = new KerasConvolution();

        var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("not_keras.h5")));

        Assert.Contains("is not a Keras .h5 file: it has no attribute 'layer_names'", error.Message);
    }

    [Fact]
    public void LoadWeights_FileThatIsNotHdf5_SaysSo()
    {
        using var model = new KerasConvolution();
        var path = Path.Combine(Path.GetTempPath(), $"modeldsl-keras-{Guid.NewGuid():N}.h5");
        File.WriteAllText(path, "{\"not\": \"hdf5\"}");
        try
        {
            var error = Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, path));

            Assert.Contains("is not an HDF5 file", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadWeights_RefusedFile_LeavesEveryWeightAsItWas()
    {
        using var model = new KerasImdbSmallerLstm();
        var embedding = ((ModelDsl.Layers.Embedding)model.Layers["embedding"]).weight;
        using var before = embedding.detach().clone();

        Assert.Throws<KerasImportException>(() => KerasModel.LoadWeights(model, KerasFixture.PathOf("imdb_lstm.h5")));

        Assert.True(before.eq(embedding.detach()).all().item<bool>(), "the embedding was changed although the LSTM did not fit");
    }

    private void AssertMatchesReference(nn.Module<Tensor, Tensor> model, string file, bool ids)
    {
        KerasModel.LoadWeights(model, KerasFixture.PathOf(file));
        var (input, expected) = KerasFixture.Reference(file, ids);
        model.eval();
        using var _ = no_grad();
        var actual = model.call(input).to_type(ScalarType.Float64);

        Assert.Equal(expected.shape, actual.shape);
        var difference = actual.sub(expected).abs().max().item<double>();
        output.WriteLine($"{file}: max |ModelDsl - Keras float64 reference| = {difference:E2}");
        Assert.True(difference <= Tolerance, $"{file}: outputs differ from the reference by {difference:E2} (tolerance {Tolerance:E0})");
    }
}
