using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>Keras's <c>fit</c>/<c>evaluate</c>/<c>predict</c> semantics: which rows train and validate, batching, modes, logs, errors.</summary>
[Collection(TrainingCollection.Name)]
public sealed class FitTests
{
    [Fact]
    public void ValidationSplit_HoldsOutTheLastRowsInOrder_AndTrainsOnEachOtherRowOncePerEpoch()
    {
        using var model = new RecordingModel();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.NumberedRows(10);
        using var _x = x;
        using var _y = y;

        var history = session.Fit(x, y, new FitOptions { Epochs = 3, BatchSize = 4, ValidationSplit = 0.3, Seed = 5, Verbose = 0 });

        // floor(10 * 0.7) = 7: rows 7, 8, 9 validate, unshuffled, once per epoch (batch size 4 fits them in one batch).
        Assert.Equal(Enumerable.Repeat(new long[] { 7, 8, 9 }, 3), model.EvaluationCalls);

        var training = model.TrainingCalls.ToList();
        Assert.Equal(6, training.Count); // ceil(7 / 4) = 2 steps per epoch
        var epochs = new[] { training.Take(2), training.Skip(2).Take(2), training.Skip(4).Take(2) };
        Assert.Equal(new[] { 4, 3 }, training.Take(2).Select(r => r.Length));
        foreach (var epoch in epochs)
        {
            Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), epoch.SelectMany(r => r).OrderBy(r => r));
        }

        Assert.Contains(epochs, e => !e.SelectMany(r => r).SequenceEqual(Enumerable.Range(0, 7).Select(i => (long)i)));
        Assert.Equal(new[] { "loss", "accuracy", "val_loss", "val_accuracy" }, history.Keys);
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void KerasSpellings_Train_AndTheHistoryUsesTheMetricNameAskedFor()
    {
        using var model = new KerasSpelledBinary();
        var (x, y) = TrainingTestSupport.Separable(64);
        using var _x = x;
        using var _y = y;

        var history = model.Fit(x, y, epochs: 3, batchSize: 16, validationSplit: 0.25, seed: 3, verbose: 0);

        // Keras logs "acc" and "val_acc" when compiled with metrics=['acc'].
        Assert.Equal(new[] { "loss", "acc", "val_loss", "val_acc" }, history.Keys);
        Assert.IsType<TorchSharp.Modules.RMSProp>(model.Training.Optimizer);
        Assert.IsType<BinaryCrossentropyLoss>(model.Training.Loss);
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss did not fall: {string.Join(", ", history["loss"])}");
        Assert.All(history["acc"].Concat(history["val_acc"]), a => Assert.InRange(a, 0, 1));
        using var heldOutX = x.narrow(0, 48, 16);
        using var heldOutY = y.narrow(0, 48, 16);
        Assert.Equal(history["val_acc"][^1], model.Evaluate(heldOutX, heldOutY)["acc"], 6);
    }

    [Fact]
    public void TheLastPartialBatch_IsTrainedOn()
    {
        using var model = new RecordingModel();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.NumberedRows(10);
        using var _x = x;
        using var _y = y;
        var steps = new StepCounter();

        session.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 4, Shuffle = false, Verbose = 0, Callbacks = new[] { steps } });

        Assert.Equal(
            new[] { new long[] { 0, 1, 2, 3 }, new long[] { 4, 5, 6, 7 }, new long[] { 8, 9 } }.Concat(new[] { new long[] { 0, 1, 2, 3 }, new long[] { 4, 5, 6, 7 }, new long[] { 8, 9 } }),
            model.TrainingCalls);
        Assert.Equal(3, steps.StepsPerEpoch);
        Assert.Equal(6, steps.Batches);
    }

    [Fact]
    public void EpochLogs_AreTheRunningMeansTheLastBatchReported_AndHistoryCarriesDurations()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.Separable(50);
        using var _x = x;
        using var _y = y;
        var steps = new StepCounter();

        var history = session.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 16, Verbose = 0, Seed = 1, Callbacks = new[] { steps } });

        Assert.Equal(history["loss"][^1], steps.LastBatchLogs["loss"]);
        Assert.Equal(history["accuracy"][^1], steps.LastBatchLogs["accuracy"]);
        Assert.Equal(new[] { 1, 2 }, history.Epochs.Select(e => e.Epoch));
        Assert.All(history.Epochs, e => Assert.True(e.Duration > TimeSpan.Zero));
        Assert.Equal(2, session.CompletedEpochs);
    }

    [Fact]
    public void ValidationValues_AreWhatEvaluateReportsForTheHeldOutRows()
    {
        using var model = new TinyBinaryWithDropout();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.Separable(40);
        using var _x = x;
        using var _y = y;

        var history = session.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 8, ValidationSplit = 0.25, Seed = 3, Verbose = 0 });

        using var validationX = x.narrow(0, 30, 10);
        using var validationY = y.narrow(0, 30, 10);
        var evaluated = session.Evaluate(validationX, validationY, batchSize: 8);
        Assert.Equal(evaluated["loss"], history["val_loss"][^1], 6);
        Assert.Equal(evaluated["accuracy"], history["val_accuracy"][^1], 6);
    }

    [Fact]
    public void ValidationData_IsEvaluatedEveryEpoch()
    {
        using var model = new RecordingModel();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.NumberedRows(6);
        var (vx, vy) = TrainingTestSupport.NumberedRows(3);
        using var _x = x;
        using var _y = y;
        using var _vx = vx;
        using var _vy = vy;

        var history = session.Fit(x, y, new FitOptions { Epochs = 2, Verbose = 0, ValidationData = (vx, vy) });

        Assert.Equal(2, model.EvaluationCalls.Count());
        Assert.Equal(2, history["val_loss"].Count);
    }

    [Fact]
    public void Dropout_IsOffInEvaluateAndPredict_AndOnInTraining()
    {
        using var model = new TinyBinaryWithDropout();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.Separable(64);
        using var _x = x;
        using var _y = y;

        using var first = session.Predict(x);
        using var second = session.Predict(x);
        Assert.True(TrainingTestSupport.Identical(first, second));
        Assert.Equal(session.Evaluate(x, y)["loss"], session.Evaluate(x, y)["loss"]);

        // The same model in training mode gives different outputs from call to call: dropout is real here.
        model.train();
        using var noGrad = no_grad();
        using var a = model.call(x);
        using var b = model.call(x);
        Assert.False(TrainingTestSupport.Identical(a, b));
    }

    [Fact]
    public void FitEvaluateAndPredict_LeaveTheModelInTheModeTheyFoundItIn()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.Separable(20);
        using var _x = x;
        using var _y = y;

        model.eval();
        session.Fit(x, y, new FitOptions { Verbose = 0 });
        Assert.False(model.training);
        model.train();
        session.Evaluate(x, y);
        using var _ = session.Predict(x);
        Assert.True(model.training);
    }

    [Fact]
    public void Predict_ConcatenatesEveryBatch_AndItsResultOutlivesTheInternalScopes()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, new TrainingOptions());
        var (x, _) = TrainingTestSupport.Separable(70);
        using var _x = x;

        using var predicted = session.Predict(x, batchSize: 32);

        Assert.Equal(new long[] { 70, 1 }, predicted.shape);
        Assert.False(predicted.requires_grad);
        using var noGrad = no_grad();
        using var direct = model.call(x);
        Assert.True(predicted.allclose(direct));
    }

    [Fact]
    public void Predict_InsideTheCallersScope_BelongsToThatScope()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, new TrainingOptions());
        var (x, _) = TrainingTestSupport.Separable(5);
        using var _x = x;

        Tensor predicted;
        using (var scope = NewDisposeScope())
        {
            predicted = session.Predict(x);
            Assert.True(scope.Contains(predicted));
            Assert.Equal(5, predicted.shape[0]);
        }

        Assert.True(predicted.IsInvalid);
    }

    [Theory]
    [InlineData("adam", 0.0)]
    [InlineData("rmsprop", 0.5)]
    [InlineData("sgd", 0.5)]
    [InlineData("adagrad", 0.0)]
    public void AFitInsideTheCallersDisposeScope_KeepsTheOptimizerStateAlive(string optimizer, double momentum)
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, new TrainingOptions { Loss = "binary_crossentropy", Optimizer = optimizer, Momentum = momentum });
        var (x, y) = TrainingTestSupport.Separable(32);
        using var _x = x;
        using var _y = y;

        using (NewDisposeScope())
        {
            session.Fit(x, y, new FitOptions { Verbose = 0 }); // creates the optimizer and its moments here
        }

        var history = session.Fit(x, y, new FitOptions { Verbose = 0 });
        Assert.True(double.IsFinite(history["loss"][0]));
    }

    [Fact]
    public void FitAndEvaluate_WithoutALoss_SayToSetLossOnTheModelAttribute()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, new TrainingOptions { Optimizer = "adam" });
        var (x, y) = TrainingTestSupport.Separable(4);
        using var _x = x;
        using var _y = y;

        var fit = Assert.Throws<InvalidOperationException>(() => session.Fit(x, y));
        var evaluate = Assert.Throws<InvalidOperationException>(() => session.Evaluate(x, y));

        Assert.Contains("Loss", fit.Message, StringComparison.Ordinal);
        Assert.Contains("[Model", fit.Message, StringComparison.Ordinal);
        Assert.Equal(fit.Message, evaluate.Message);
    }

    [Fact]
    public void MismatchedExampleCounts_NameBothShapes()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        using var x = zeros(10, 8);
        using var y = zeros(9, 1);

        var error = Assert.Throws<ArgumentException>(() => session.Fit(x, y));

        Assert.Contains("[10, 8]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[9, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationSplitAndValidationData_Together_AreRejected()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        using var x = zeros(10, 8);
        using var y = zeros(10, 1);

        var error = Assert.Throws<ArgumentException>(() => session.Fit(x, y, new FitOptions { ValidationSplit = 0.2, ValidationData = (x, y), Verbose = 0 }));

        Assert.Contains("ValidationSplit", error.Message, StringComparison.Ordinal);
        Assert.Contains("ValidationData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationSplit_ThatLeavesNoTrainingRow_IsRejectedAsInKeras()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        using var x = zeros(1, 8);
        using var y = zeros(1, 1);

        var error = Assert.Throws<ArgumentException>(() => session.Fit(x, y, new FitOptions { ValidationSplit = 0.5, Verbose = 0 }));

        Assert.Contains("1 samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SparseTargetsOverTimeSteps_Train()
    {
        manual_seed(20); // the initial weights; this collection runs alone, so nothing else draws in between
        using var model = new TinyTagger();
        using var session = new TrainingSession(model, new TrainingOptions
        {
            Loss = "sparse_categorical_crossentropy", Optimizer = "adam", LearningRate = 0.05, Metrics = new[] { "accuracy" },
        });
        using var generator = new Generator(11, CPU);
        using var x = randint(0, 20, new long[] { 64, 5 }, generator: generator);
        using var y = x.remainder(7); // the tag of a token is its id mod 7: learnable per position

        var history = session.Fit(x, y, new FitOptions { Epochs = 15, BatchSize = 16, Seed = 2, Verbose = 0 });

        Assert.True(history["loss"][^1] < history["loss"][0] * 0.7, string.Join(", ", history["loss"]));
        Assert.InRange(history["accuracy"][^1], 0.5, 1.0);
    }

    [Fact]
    public void StopTraining_FromABatchCallback_EndsTheEpochAndTheRun()
    {
        using var model = new TinyBinary();
        using var session = new TrainingSession(model, TrainingTestSupport.BinaryAdam());
        var (x, y) = TrainingTestSupport.Separable(40);
        using var _x = x;
        using var _y = y;
        var stopper = new StopAfterBatches(2);

        var history = session.Fit(x, y, new FitOptions { Epochs = 5, BatchSize = 8, Verbose = 0, Callbacks = new Callback[] { stopper } });

        Assert.Single(history.Epochs);
        Assert.Equal(2, stopper.Batches);
    }

    private sealed class StepCounter : Callback
    {
        public int Batches { get; private set; }

        public int StepsPerEpoch { get; private set; }

        public Dictionary<string, double> LastBatchLogs { get; private set; } = new();

        public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
        {
            Batches++;
            StepsPerEpoch = context.StepsPerEpoch;
            LastBatchLogs = logs.ToDictionary(kv => kv.Key, kv => kv.Value);
        }
    }

    private sealed class StopAfterBatches(int count) : Callback
    {
        public int Batches { get; private set; }

        public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
        {
            if (++Batches >= count)
            {
                context.StopTraining = true;
            }
        }
    }
}
