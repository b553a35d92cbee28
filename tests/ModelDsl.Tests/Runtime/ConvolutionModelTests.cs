using System;
using System.IO;
using System.Linq;
using ModelDsl.Layers;
using ModelDsl.Tests.Layers;
using ModelDsl.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Runtime;

/// <summary>Generated models with Conv1D, the pools and ConvLSTM2D: Keras's shapes and counts, the same numbers as the layers applied by hand, training.</summary>
public sealed class ConvolutionModelTests
{
    /// <summary>Keras prints these shapes and counts for Chollet's model: 500 → 494 → 98 → 92 → 32.</summary>
    [Fact]
    public void CholletConv1D_Summary_IsKeras()
    {
        using var model = new CholletConv1D();
        using var writer = new StringWriter();

        model.Summary(writer);

        var expected = string.Join("\n",
            "Model: \"CholletConv1D\"",
            "_________________________________________________________________",
            " Layer (type)                 Output Shape              Param #",
            "=================================================================",
            " embedding (Embedding)        (None, 500, 128)          1,280,000",
            "_________________________________________________________________",
            " conv1d (Conv1D)              (None, 494, 32)           28,704",
            "_________________________________________________________________",
            " max_pooling1d (MaxPooling1D) (None, 98, 32)            0",
            "_________________________________________________________________",
            " conv1d_1 (Conv1D)            (None, 92, 32)            7,200",
            "_________________________________________________________________",
            // A name longer than its column pushes the row right (Keras 2.x would cut it at the column).
            " global_max_pooling1d (GlobalMaxPooling1D) (None, 32)                0",
            "_________________________________________________________________",
            " dense (Dense)                (None, 1)                 33",
            "=================================================================",
            "Total params: 1,315,937",
            "Trainable params: 1,315,937",
            "Non-trainable params: 0",
            "_________________________________________________________________",
            "");
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void CholletConv1D_OutputsOneProbabilityPerReview()
    {
        using var model = new CholletConv1D();
        model.eval();
        using var scope = NewDisposeScope();

        var probabilities = model.call(randint(1, 10000, new long[] { 3, 500 }, dtype: int64));

        Assert.Equal(new long[] { 3, 1 }, probabilities.shape);
        Assert.True(probabilities.ge(0).all().item<bool>() && probabilities.le(1).all().item<bool>());
    }

    /// <summary>A learnable toy task: reviews made of low ids are negative, of high ids positive.</summary>
    [Fact]
    public void CholletConv1D_Trains_LossFiniteAndDecreasing()
    {
        RandomSeed.Set(7);
        using var model = new CholletConv1D();
        using var scope = NewDisposeScope();
        var negative = randint(1, 5000, new long[] { 48, 500 }, dtype: int64);
        var positive = randint(5000, 10000, new long[] { 48, 500 }, dtype: int64);
        var x = cat(new[] { negative, positive });
        var y = cat(new[] { zeros(48, 1), ones(48, 1) });

        var history = model.Fit(x, y, epochs: 3, batchSize: 16, seed: 7, verbose: 0);

        var losses = history["loss"];
        Assert.Equal(3, losses.Count);
        Assert.All(losses, loss => Assert.True(double.IsFinite(loss), $"loss {loss}"));
        Assert.True(losses[^1] < losses[0], $"loss did not decrease: {string.Join(", ", losses)}");
    }

    /// <summary>
    /// The generated constructor applies Keras's initializer to Conv1D as to Dense: glorot_uniform over the receptive field
    /// (limit √(6 / (7·128 + 7·32)) ≈ 0.073, where PyTorch's default stays within 1/√(7·128) ≈ 0.033) and zero biases.
    /// </summary>
    [Fact]
    public void CholletConv1D_KernelsStartAsKerasGlorotUniform_BiasesAtZero()
    {
        RandomSeed.Set(3);
        using var model = new CholletConv1D();
        var weights = model.state_dict();

        var kernel = weights["conv1d.weight"];
        var limit = Math.Sqrt(6.0 / (7 * 128 + 7 * 32));
        var largest = kernel.abs().max().item<float>();
        Assert.InRange(largest, 1.0 / Math.Sqrt(7 * 128) * 1.5, limit);
        Assert.Equal(0f, weights["conv1d.bias"].abs().max().item<float>());
        Assert.Equal(0f, weights["conv1d_1.bias"].abs().max().item<float>());
    }

    /// <summary>Keras: ConvLSTM2D(40, (3, 3), padding="same", return_sequences=True) on (15, 40, 40, 1) frames.</summary>
    [Fact]
    public void ConvLstm2D_Summary_IsKeras()
    {
        using var model = new MovingSquares();

        var summary = model.Summary(TextWriter.Null);

        var row = Assert.Single(summary.Rows);
        Assert.Equal(("conv_lstm2d", "ConvLSTM2D", "(None, 15, 40, 40, 40)"), (row.Name, row.LayerType, row.OutputShape));
        // 4 gates · 40 filters · 3·3 · (1 input + 40 recurrent channels) + 4 · 40 biases
        Assert.Equal(59_200L, row.Parameters);
        Assert.Equal(59_200L, summary.TotalParameters);
        Assert.Contains(" (None, 15, 40, 40, 40) ", summary.ToString(), StringComparison.Ordinal);
        Assert.Contains("Total params: 59,200\n", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConvLstm2D_LastStep_HasTheDeclaredShape_AndEqualsTheLayerByHand()
    {
        using var model = new SmallConvLstm();
        using var scope = NewDisposeScope();
        var x = randn(new long[] { 2, 3, 6, 5, 2 });
        using var layer = new ConvLSTM2D(2, 4, 3, 2);
        CopyWeights(model, "conv_lstm2d", layer);

        var output = model.call(x);

        Assert.Equal(new long[] { 2, 4, 4, 4 }, output.shape);
        TensorAssert.Close(layer.call(x), output, 1e-6);
    }

    /// <summary>The model's Keras initializer leaves ConvLSTM2D's own Keras initialization alone: zero biases but the forget gate's, at 1.</summary>
    [Fact]
    public void ConvLstm2D_KeepsKerasUnitForgetBias_InTheGeneratedModel()
    {
        using var model = new SmallConvLstm();

        var bias = model.state_dict()["conv_lstm2d.bias"];

        TensorAssert.Close(new double[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, bias, 0);
    }

    /// <summary>The generated forward is the runtime layers applied in order, with the options the attributes give.</summary>
    [Fact]
    public void ConvolutionOptions_EqualTheRuntimeLayersAppliedByHand()
    {
        RandomSeed.Set(11);
        using var model = new ConvolutionOptions();
        model.eval();
        using var scope = NewDisposeScope();
        var x = randn(3, 20, 6);
        using var first = new Conv1D(6, 8, 3, Activations.Relu, Paddings.Same);
        using var average = new AveragePooling1D(2);
        using var second = new Conv1D(8, 5, 3, padding: Paddings.Causal, dilationRate: 2, useBias: false);
        using var max = new MaxPooling1D(3, strides: 2, padding: Paddings.Same);
        using var third = new Conv1D(5, 4, 2, Activations.Tanh, strides: 2);
        using var global = new GlobalAveragePooling1D();
        using var dense = new Dense(4, 2);
        CopyWeights(model, "conv1d", first);
        CopyWeights(model, "conv1d_1", second);
        CopyWeights(model, "conv1d_2", third);
        CopyWeights(model, "dense", dense);

        var byHand = dense.call(global.call(third.call(max.call(second.call(average.call(first.call(x)))))));

        Assert.Equal(new long[] { 3, 2 }, byHand.shape);
        TensorAssert.Close(byHand, model.call(x), 1e-6);
        Assert.Equal(new long[] { 3, 2, 4 }, third.call(max.call(second.call(average.call(first.call(x))))).shape);
    }

    /// <summary>As in Keras, GlobalAveragePooling1D after Embedding(mask_zero=True) averages the real tokens only.</summary>
    [Fact]
    public void GlobalAveragePooling1D_AfterMaskZero_AveragesTheRealTokensOnly()
    {
        using var model = new MaskedAverage();
        using var scope = NewDisposeScope();
        var ids = tensor(new long[] { 3, 9, 0, 0, 0, 0, 4, 4, 4, 7, 0, 0 }, new long[] { 2, 6 });
        var table = model.state_dict()["embedding.weight"];
        using var dense = new Dense(4, 1);
        CopyWeights(model, "dense", dense);

        var expected = dense.call(stack(new[]
        {
            table[tensor(new long[] { 3, 9 })].mean(new long[] { 0 }),
            table[tensor(new long[] { 4, 4, 4, 7 })].mean(new long[] { 0 }),
        }));

        TensorAssert.Close(expected, model.call(ids), 1e-6);
    }

    /// <summary>Copies the generated model's weights of the layer <paramref name="field"/> into <paramref name="layer"/>.</summary>
    private static void CopyWeights(nn.Module model, string field, nn.Module layer)
    {
        var weights = model.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in layer.named_parameters())
        {
            parameter.copy_(weights[$"{field}.{name}"]);
        }
    }
}
