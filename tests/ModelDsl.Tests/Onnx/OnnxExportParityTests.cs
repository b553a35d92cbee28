using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Onnx;

/// <summary>
/// Every layer kind and option, exported with the generated <c>ExportOnnx</c> and run in ONNX Runtime, gives what the
/// TorchSharp module gives in evaluation mode, to 1e-5, at batch sizes the export never saw.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class OnnxExportParityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly int[] BatchSizes = { 1, 3, 17 };

    private double Parity<TModel>(TModel model, Func<TModel, string, Tensor[]> batch, string[] expectedOps, int seed)
        where TModel : nn.Module<Tensor, Tensor>
    {
        return Parity(model, m => m.eval(), (m, inputs) => m.call(inputs[0]), batch, expectedOps, seed, (m, path) => ((dynamic)m).ExportOnnx(path));
    }

    private double Parity<TModel>(TModel model, Action<TModel> eval, Func<TModel, Tensor[], Tensor> forward, Func<TModel, string, Tensor[]> batch,
        string[] expectedOps, int seed, Action<TModel, string> export)
    {
        eval(model);
        using var file = OnnxParity.TemporaryFile();
        export(model, file.Path);
        var ops = OnnxParity.Nodes(file.Path).Select(n => n.OpType).ToHashSet();
        foreach (var op in expectedOps)
        {
            Assert.Contains(op, ops);
        }

        manual_seed(seed + 1);
        var batches = BatchSizes.Select(size => batch(model, size.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var largest = OnnxParity.Check(file.Path, inputs => forward(model, inputs), batches);
        output.WriteLine($"{typeof(TModel).Name}: largest |ONNX Runtime - TorchSharp| = {largest:E2} over batches of {string.Join(", ", batches.Select(b => b[0].shape[0]))}");
        return largest;
    }

    private static int Size(string batch) => int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void ImdbLstm_OnnxRuntimeMatchesTorch_WithOnnxsOwnLstmOperator()
    {
        RandomSeed.Set(14);
        using var model = new OnnxImdbLstm();
        Parity(model, (_, b) => new[] { OnnxParity.Ids(Size(b), 40, 10000) }, new[] { "Gather", "LSTM", "MatMul", "Sigmoid" }, 14);
    }

    [Fact]
    public void ImdbLstm_AtBatch256_MatchesTorch()
    {
        RandomSeed.Set(15);
        using var model = new OnnxImdbLstm();
        model.eval();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        var largest = OnnxParity.Check(file.Path, inputs => model.call(inputs[0]), new[] { new[] { OnnxParity.PaddedIds(256, 40, 10000) } });
        output.WriteLine($"OnnxImdbLstm at batch 256: largest |ONNX Runtime - TorchSharp| = {largest:E2}");
    }

    [Fact]
    public void Int32Ids_Dropout_Flatten_SoftmaxDense_MatchTorch()
    {
        RandomSeed.Set(16);
        using var model = new OnnxInt32Flatten();
        Parity(model, (_, b) => new[] { OnnxParity.Ids(Size(b), 6, 30, ScalarType.Int32) }, new[] { "Gather", "Flatten", "Softmax" }, 16);
    }

    [Fact]
    public void DenseWithEveryActivation_AndActivationLayers_MatchTorch()
    {
        RandomSeed.Set(17);
        using var model = new OnnxDenseActivations();
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 7) }, new[] { "Relu", "Tanh", "Sigmoid", "Softmax" }, 17);
    }

    [Fact]
    public void SimpleRnn_TanhAndRelu_Backwards_WithoutBias_UseOnnxRnn_AndMatchTorch()
    {
        RandomSeed.Set(18);
        using var model = new OnnxSimpleRnns();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        var rnns = OnnxParity.Nodes(file.Path).Where(n => n.OpType == "RNN").ToList();
        Assert.Equal(new[] { "forward", "reverse", "forward" }, rnns.Select(n => OnnxParity.StringAttribute(n, "direction")));
        Assert.Equal(new[] { "Tanh", "Relu", "Relu" }, rnns.Select(n => n.Attribute.Single(a => a.Name == "activations").Strings.Single().ToStringUtf8()));
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 7, 3) }, new[] { "RNN" }, 18);
    }

    [Fact]
    public void Gru_ResetAfterBothWays_HardSigmoid_Backwards_UseOnnxGru_WithLinearBeforeReset_AndMatchTorch()
    {
        RandomSeed.Set(19);
        using var model = new OnnxGrus();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        var grus = OnnxParity.Nodes(file.Path).Where(n => n.OpType == "GRU").ToList();
        Assert.Equal(new long[] { 1, 0, 1, 0 }, grus.Select(n => OnnxParity.IntAttribute(n, "linear_before_reset")));
        Assert.Equal(new[] { "forward", "reverse", "forward", "forward" }, grus.Select(n => OnnxParity.StringAttribute(n, "direction")));
        Assert.Equal("HardSigmoid", grus[2].Attribute.Single(a => a.Name == "activations").Strings[0].ToStringUtf8());
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 7, 3) }, new[] { "GRU" }, 19);
    }

    [Fact]
    public void Lstm_Backwards_HardSigmoid_WithoutBias_WithTrainingOnlyDropout_UseOnnxLstm_AndMatchTorch()
    {
        RandomSeed.Set(20);
        using var model = new OnnxLstms();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        var lstms = OnnxParity.Nodes(file.Path).Where(n => n.OpType == "LSTM").ToList();
        Assert.Equal(new[] { "forward", "reverse", "forward", "reverse" }, lstms.Select(n => OnnxParity.StringAttribute(n, "direction")));
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 7, 3) }, new[] { "LSTM" }, 20);
    }

    [Fact]
    public void MaskZero_ThroughEveryRecurrentKind_BothDirections_IntoMaskedAverage_MatchesTorch_OnPaddingAnywhere()
    {
        RandomSeed.Set(21);
        using var model = new OnnxMaskedRecurrent();
        Parity(model, (_, b) => new[] { OnnxParity.PaddedIds(Size(b) + 6, 8, 20) }, new[] { "LSTM", "GRU", "RNN", "TopK", "ReduceSum" }, 21);
    }

    [Fact]
    public void MaskZero_IntoLastStepOutputs_Backwards_MatchesTorch()
    {
        RandomSeed.Set(22);
        using var model = new OnnxMaskedLastStep();
        Parity(model, (_, b) => new[] { OnnxParity.PaddedIds(Size(b) + 6, 8, 20) }, new[] { "RNN", "GRU" }, 22);
    }

    [Fact]
    public void MaskedBidirectional_WithEveryMerge_IsOneBidirectionalOperator_AndMatchesTorch()
    {
        RandomSeed.Set(23);
        using var model = new OnnxMaskedBidirectional();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        var recurrent = OnnxParity.Nodes(file.Path).Where(n => n.OpType is "LSTM" or "GRU" or "RNN").ToList();
        Assert.Equal(5, recurrent.Count);
        Assert.All(recurrent, n => Assert.Equal("bidirectional", OnnxParity.StringAttribute(n, "direction")));
        Parity(model, (_, b) => new[] { OnnxParity.PaddedIds(Size(b) + 6, 8, 20) }, Array.Empty<string>(), 23);
    }

    [Fact]
    public void Bidirectional_OverABackwardsLayer_AndUnmasked_MatchesTorch()
    {
        RandomSeed.Set(24);
        using var model = new OnnxBidirectional();
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 6, 3) }, new[] { "LSTM", "GRU", "RNN" }, 24);
    }

    [Fact]
    public void Conv1D_ValidSameCausal_StridesDilation_AndEveryPool_MatchTorch()
    {
        RandomSeed.Set(25);
        using var model = new OnnxConvolutions();
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 23, 3) }, new[] { "Conv", "MaxPool", "AveragePool", "ReduceMax" }, 25);
    }

    [Fact]
    public void Conv1D_OnEmbeddings_IntoGlobalAverage_MatchesTorch()
    {
        RandomSeed.Set(26);
        using var model = new OnnxConvAverage();
        Parity(model, (_, b) => new[] { OnnxParity.Ids(Size(b), 9, 30) }, new[] { "Conv", "ReduceMean" }, 26);
    }

    [Fact]
    public void ConvLstm2D_SameAndValid_HardSigmoidAndSigmoid_IsAScan_AndMatchesTorch()
    {
        RandomSeed.Set(27);
        using var model = new OnnxConvLstm();
        Parity(model, (_, b) => new[] { OnnxParity.Features(Size(b), 3, 6, 5, 2) }, new[] { "Scan", "Conv", "HardSigmoid" }, 27);
    }

    [Fact]
    public void GraphModel_WithTwoInputs_Dot_Softmax_Concatenate_AndMasks_MatchesTorch()
    {
        RandomSeed.Set(28);
        using var model = new OnnxQa();
        Parity(
            model,
            m => m.eval(),
            (m, inputs) => m.call(inputs[0], inputs[1]),
            (_, b) => new[] { OnnxParity.PaddedIds(Size(b) + 6, 7, 60), OnnxParity.PaddedIds(Size(b) + 6, 9, 60) },
            new[] { "Einsum", "Softmax", "Concat", "LSTM", "GRU" },
            28,
            (m, path) => m.ExportOnnx(path));
    }

    [Fact]
    public void GraphModel_WithForwardBoth_DotAttention_Add_AndThreeWayConcatenate_MatchesTorch()
    {
        RandomSeed.Set(29);
        using var model = new OnnxTagger();
        Parity(model, (_, b) => new[] { OnnxParity.Ids(Size(b), 5, 40) }, new[] { "GRU", "MatMul", "Softmax", "Add", "Sqrt" }, 29);
    }

    [Fact]
    public void UnknownLength_MaskedBidirectionalOverABackwardsLayer_MatchesTorch_AtEveryLength()
    {
        RandomSeed.Set(30);
        using var model = new OnnxAnyLength();
        model.eval();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        var directions = OnnxParity.Nodes(file.Path).Where(n => n.OpType == "GRU").Select(n => OnnxParity.StringAttribute(n, "direction"));
        Assert.Equal(new[] { "reverse", "forward" }, directions);

        manual_seed(31);
        var batches = new[] { 1, 5, 11 }.Select(length => new[] { OnnxParity.PaddedIds(8, length, 25) }).ToList();
        var largest = OnnxParity.Check(file.Path, inputs => model.call(inputs[0]), batches);
        output.WriteLine($"OnnxAnyLength: largest |ONNX Runtime - TorchSharp| = {largest:E2} over lengths 1, 5, 11");
    }

    [Fact]
    public void ExportOnnx_OfAModelInTrainingMode_WritesWhatEvaluationComputes_AndLeavesTheModeAlone()
    {
        RandomSeed.Set(32);
        using var model = new OnnxLstms();
        model.train();
        using var file = OnnxParity.TemporaryFile();
        model.ExportOnnx(file.Path);
        Assert.True(model.training);

        manual_seed(33);
        var x = OnnxParity.Features(4, 7, 3);
        model.eval();
        OnnxParity.Check(file.Path, inputs => model.call(inputs[0]), new[] { new[] { x } });
    }
}
