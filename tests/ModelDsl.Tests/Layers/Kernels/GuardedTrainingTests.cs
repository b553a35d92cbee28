using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers.Kernels;
using ModelDsl.Tests.Numerics;
using ModelDsl.Tests.Training;
using ModelDsl.Training;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Layers.Kernels;

/// <summary>A classifier whose LSTM size (6) is one the oneDNN inference kernel gets wrong on AVX-512 CPUs.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
[Input(7, 3, DType = "float32")]
[LSTM(6)]
[Dense(1, Activation = "sigmoid")]
public partial class GuardedLstmClassifier;

/// <summary>
/// <c>Predict</c>, <c>Evaluate</c> and <c>Fit</c> (whose validation runs without gradients) of a generated model stay right
/// when the fused kernel is wrong without gradients, as libtorch 2.10's oneDNN LSTM is on AVX-512 CPUs.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class GuardedTrainingTests
{
    [Fact]
    public void Predict_WithAWrongInferenceKernel_EqualsTheFloat64Model()
    {
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmInferenceLikeOneDnn, new List<string>()));
        var (x, _) = Data();
        manual_seed(11);
        using var model = new GuardedLstmClassifier();

        using var predicted = model.Predict(x);

        Reference.AssertClose(Float64Predictions(model, x), predicted);
    }

    [Fact]
    public void WithoutTheCheck_TheSameFaultChangesPredict()
    {
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(FaultyKernels.LstmInferenceLikeOneDnn, new List<string>(), RecurrentKernelSetting.Fused));
        var (x, _) = Data();
        manual_seed(11);
        using var model = new GuardedLstmClassifier();

        using var predicted = model.Predict(x);

        Assert.True(Reference.MaxDifference(Float64Predictions(model, x), Reference.Matrix(predicted)) > 1e-3);
    }

    [Fact]
    public void FitAndEvaluate_WithAWrongInferenceKernel_GiveTheHistoryOfARightOne()
    {
        var (x, y) = Data();
        var (right, rightEvaluation) = Train(x, y, fault: null);
        var (guarded, guardedEvaluation) = Train(x, y, FaultyKernels.LstmInferenceLikeOneDnn);

        Assert.Equal(right.Keys, guarded.Keys);
        foreach (var key in right.Keys)
        {
            Assert.True(Reference.MaxDifference(right[key].ToArray(), guarded[key].ToArray()) < 1e-5, $"{key}: {string.Join(", ", right[key])} vs {string.Join(", ", guarded[key])}");
        }

        Assert.Equal(rightEvaluation["loss"], guardedEvaluation["loss"], 1e-5);
        Assert.Equal(rightEvaluation["accuracy"], guardedEvaluation["accuracy"], 1e-9);

        // The control: unchecked, the fault moves every number computed without gradients (validation, evaluate).
        var (unguarded, unguardedEvaluation) = Train(x, y, FaultyKernels.LstmInferenceLikeOneDnn, RecurrentKernelSetting.Fused);
        Assert.Equal(right["loss"].ToArray(), unguarded["loss"].ToArray(), new ToleranceComparer(1e-5));
        Assert.True(Math.Abs(right["val_loss"][0] - unguarded["val_loss"][0]) > 1e-3);
        Assert.True(Math.Abs(rightEvaluation["loss"] - unguardedEvaluation["loss"]) > 1e-3);
    }

    [Fact]
    public void TheCheck_DrawsNothingFromTorchsRandomGenerator()
    {
        using var layer = new ModelDsl.Layers.LSTM(4, 5);
        manual_seed(77);
        using var expected = rand(8);

        manual_seed(77);
        FaultyKernels.Guard(null, new List<string>()).VerdictFor(layer, ScalarType.Float32, new RecurrentKernelVariant(true, false, false));
        using var actual = rand(8);

        Assert.Equal(Reference.Values(expected), Reference.Values(actual));
    }

    private static (History History, IReadOnlyDictionary<string, double> Evaluation) Train(
        Tensor x, Tensor y, FusedKernelFault? fault, RecurrentKernelSetting setting = RecurrentKernelSetting.Auto)
    {
        using var guard = RecurrentKernelGuard.Use(FaultyKernels.Guard(fault, new List<string>(), setting));
        manual_seed(21);
        using var model = new GuardedLstmClassifier();
        var history = model.Fit(x, y, epochs: 3, batchSize: 8, validationSplit: 0.25, seed: 5, verbose: 0);
        return (history, model.Evaluate(x, y));
    }

    private static (Tensor X, Tensor Y) Data()
    {
        manual_seed(3);
        var x = randn(40, 7, 3);
        var y = x.sum(new long[] { 1, 2 }).gt(0).to(ScalarType.Float32).unsqueeze(1);
        return (x, y);
    }

    // sigmoid(W·h_T + b) with h_T from the LSTM written out in float64 over the model's own weights.
    private static double[,] Float64Predictions(GuardedLstmClassifier model, Tensor x)
    {
        var steps = new LstmReference(model, "lstm.cell").Run(Reference.Sequences(x));
        var last = Reference.LastStep(steps);
        var weight = Reference.Matrix(Reference.Parameter(model, "dense.weight"));
        var bias = Reference.Values(Reference.Parameter(model, "dense.bias"));
        var rows = last.GetLength(0);
        var result = new double[rows, 1];
        for (var r = 0; r < rows; r++)
        {
            var z = bias[0];
            for (var u = 0; u < last.GetLength(1); u++)
            {
                z += weight[0, u] * last[r, u];
            }

            result[r, 0] = Reference.Sigmoid(z);
        }

        return result;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
