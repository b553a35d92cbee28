using System;
using System.Linq;
using ModelDsl.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Options;

[Model]
[Input(7)]
[Embedding(30, 4, MaskZero = true, Name = "words")]
[LSTM(5, ReturnSequences = true)]
[Activation("relu", Name = "rectify")]
[GRU(3, Name = "summary_state")]
[Dense(2, Activation = "softmax")]
public partial class InnerOutputs;

/// <summary>Keras's <c>Model(model.input, layer.output)</c> and <c>get_layer</c>: <c>Until</c> and <c>Layers</c> of a generated stack.</summary>
public sealed class InnerOutputModelTests
{
    [Fact]
    public void Until_GivesEachLayersOutput_AsRunningTheFirstLayersByHand()
    {
        manual_seed(1361);
        using var model = new InnerOutputs();
        model.eval();
        using var ids = randint(0, 30, new long[] { 2, 7 });
        ids[0, 5] = tensor(0L);
        ids[0, 6] = tensor(0L);

        var words = (Embedding)model.Layers["words"];
        var lstm = (LSTM)model.Layers["lstm"];
        var state = (GRU)model.Layers["summary_state"];
        using var mask = words.ComputeMask(ids);
        using var embedded = words.call(ids);
        using var sequences = lstm.forward(embedded, mask);
        using var rectified = sequences.relu();
        using var last = state.forward(rectified, mask);

        Assert.True(model.Until("words", ids).allclose(embedded));
        Assert.True(model.Until("lstm", ids).allclose(sequences));
        Assert.True(model.Until("rectify", ids).allclose(rectified));
        Assert.True(model.Until("summary_state", ids).allclose(last));
        Assert.True(model.Until("dense", ids).allclose(model.call(ids)));
    }

    [Fact]
    public void Layers_AreTheBuiltModules_ByName_InForwardOrder_ReadOnly()
    {
        using var model = new InnerOutputs();

        Assert.Equal(new[] { "words", "lstm", "summary_state", "dense" }, model.Layers.Keys);
        Assert.Same(model.named_children().First(c => c.name == "lstm").module, model.Layers["lstm"]);
        Assert.IsNotType<System.Collections.Generic.Dictionary<string, nn.Module>>(model.Layers);
    }

    [Fact]
    public void Until_AnUnknownName_ListsTheLayers()
    {
        using var model = new InnerOutputs();
        using var ids = zeros(new long[] { 1, 7 }, ScalarType.Int64);

        var error = Assert.Throws<ArgumentException>(() => model.Until("embedding", ids));

        Assert.StartsWith("InnerOutputs has no layer 'embedding'; its layers are words, lstm, rectify, summary_state, dense", error.Message, StringComparison.Ordinal);
        Assert.Equal("layer", error.ParamName);
    }
}
