using System;
using System.Collections.Generic;
using ModelDsl.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>Fit, Evaluate and Predict of a model with two inputs, through the <c>Func&lt;Tensor[], Tensor&gt;</c> session.</summary>
[Collection(TrainingCollection.Name)]
public sealed class MultiInputFitTests
{
    [Fact]
    public void TwoInputs_TrainOnTheSameRows_AndMatchTheConcatenatedSingleInputModel()
    {
        // The two-input model reads features 0..3 and 4..7 of the same rows; with the same weights it is the
        // single-input model on the concatenation, so both sessions must produce the same history.
        var (x, y) = TrainingTestSupport.Separable(200);
        using var _x = x;
        using var _y = y;
        using var left = x.narrow(1, 0, 4).contiguous();
        using var right = x.narrow(1, 4, 4).contiguous();

        using var single = new TinyBinary();
        using var pair = new TwoHalves();
        TrainingTestSupport.CopyWeights(single, pair.Whole);

        var fit = new FitOptions { Epochs = 3, BatchSize = 16, ValidationSplit = 0.25, Seed = 7, Verbose = 0 };
        using var singleSession = new TrainingSession(single, TrainingTestSupport.BinaryAdam(0.01));
        using var pairSession = new TrainingSession(pair, inputs => pair.call(inputs[0], inputs[1]), TrainingTestSupport.BinaryAdam(0.01));
        var expected = singleSession.Fit(x, y, fit);
        var actual = pairSession.Fit(new[] { left, right }, y, fit);

        for (var epoch = 0; epoch < 3; epoch++)
        {
            foreach (var key in new[] { "loss", "accuracy", "val_loss", "val_accuracy" })
            {
                Assert.Equal(expected.Epochs[epoch].Values[key], actual.Epochs[epoch].Values[key], 6);
            }
        }

        Assert.True(actual.Epochs[2].Values["loss"] < actual.Epochs[0].Values["loss"]);
        var evaluated = pairSession.Evaluate(new[] { left, right }, y, batchSize: 50);
        Assert.Equal(singleSession.Evaluate(x, y, batchSize: 50)["loss"], evaluated["loss"], 6);
        using var predicted = pairSession.Predict(new[] { left, right }, batchSize: 64);
        Assert.Equal(new long[] { 200, 1 }, predicted.shape);
    }

    [Fact]
    public void InputsWithDifferentRowCounts_AreRejectedNamingBoth()
    {
        using var pair = new TwoHalves();
        using var session = new TrainingSession(pair, inputs => pair.call(inputs[0], inputs[1]), TrainingTestSupport.BinaryAdam());
        using var left = zeros(10, 4);
        using var right = zeros(9, 4);
        using var y = zeros(10, 1);

        var error = Assert.Throws<ArgumentException>(() => session.Fit(new[] { left, right }, y, new FitOptions { Verbose = 0 }));
        Assert.Contains("inputs[0] has shape [10, 4], inputs[1] has shape [9, 4]", error.Message);
        Assert.Throws<ArgumentException>(() => session.Fit(new[] { left, left }, y, new FitOptions { ValidationData = (left, y), Verbose = 0 }));
    }

    [Fact]
    public void BatchLogs_AreTheRunningMeans_ReadOnlyWhenACallbackLooks()
    {
        var (x, y) = TrainingTestSupport.Separable(64);
        using var _x = x;
        using var _y = y;
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam(0.01));
        var recorder = new LastBatchLogs();
        var history = session.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = 10, Shuffle = false, Verbose = 0, Callbacks = new Callback[] { recorder } });

        // The last step's running means are the epoch's logs (Keras reports the running mean at epoch end).
        Assert.Equal(history.Epochs[0].Values["loss"], recorder.Last!["loss"], 12);
        Assert.Equal(history.Epochs[0].Values["accuracy"], recorder.Last["accuracy"], 12);
        Assert.Equal(7, recorder.Steps);
    }

    /// <summary><see cref="TinyBinary"/> fed its eight features as two inputs of four.</summary>
    private sealed class TwoHalves : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly TinyBinary whole;

        public TwoHalves()
            : base(nameof(TwoHalves))
        {
            whole = new TinyBinary();
            RegisterComponents();
        }

        public TinyBinary Whole => whole;

        public override Tensor forward(Tensor left, Tensor right) => whole.call(cat(new[] { left, right }, 1));
    }

    private sealed class LastBatchLogs : Callback
    {
        public Dictionary<string, double>? Last { get; private set; }

        public int Steps { get; private set; }

        public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
        {
            Steps = batch + 1;
            Last = new Dictionary<string, double>(logs);
        }
    }
}
