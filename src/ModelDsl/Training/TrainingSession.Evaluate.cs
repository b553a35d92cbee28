using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>Keras's <c>evaluate</c> and <c>predict</c>.</summary>
public sealed partial class TrainingSession
{
    /// <summary>
    /// Keras's <c>evaluate</c>: the loss and metrics over <paramref name="x"/> and <paramref name="y"/> in evaluation
    /// mode (no dropout) without gradients, as batch-size-weighted means.
    /// </summary>
    /// <returns><c>loss</c> and each metric by name.</returns>
    /// <exception cref="InvalidOperationException">No loss is configured.</exception>
    /// <exception cref="ArgumentException">The data do not fit.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        return EvaluateChecked(new[] { x }, y, batchSize, FitArguments.Names("x", 1));
    }

    /// <summary><see cref="Evaluate(Tensor, Tensor, int)"/> for a model with several inputs, one tensor per input in order.</summary>
    /// <exception cref="InvalidOperationException">No loss is configured.</exception>
    /// <exception cref="ArgumentException">The data do not fit.</exception>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<Tensor> inputs, Tensor y, int batchSize = 32)
    {
        var xs = FitArguments.CheckInputList(inputs, nameof(inputs));
        return EvaluateChecked(xs, y, batchSize, FitArguments.Names("inputs", xs.Length));
    }

    private IReadOnlyDictionary<string, double> EvaluateChecked(Tensor[] x, Tensor y, int batchSize, string[] xNames)
    {
        ThrowIfDisposed();
        var loss = RequireLoss();
        FitArguments.CheckBatchSize(batchSize);
        FitArguments.CheckData(x, y, xNames, "y");
        return new ReadOnlyDictionary<string, double>(EvaluateCore(loss, x, y, batchSize));
    }

    /// <summary>
    /// Keras's <c>predict</c>: the model's outputs for every row of <paramref name="x"/>, run batch by batch in
    /// evaluation mode (no dropout) without gradients, concatenated along the first axis. The result is detached and
    /// belongs to the caller's dispose scope if one is open (like the result of any tensor operation), otherwise to nobody.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty or of an unsupported type.</exception>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        return PredictChecked(new[] { x }, batchSize, FitArguments.Names("x", 1));
    }

    /// <summary><see cref="Predict(Tensor, int)"/> for a model with several inputs, one tensor per input in order.</summary>
    /// <exception cref="ArgumentException">An input is empty or of an unsupported type, or their row counts differ.</exception>
    public Tensor Predict(IReadOnlyList<Tensor> inputs, int batchSize = 32)
    {
        var xs = FitArguments.CheckInputList(inputs, nameof(inputs));
        return PredictChecked(xs, batchSize, FitArguments.Names("inputs", xs.Length));
    }

    private Tensor PredictChecked(Tensor[] x, int batchSize, string[] xNames)
    {
        ThrowIfDisposed();
        FitArguments.CheckBatchSize(batchSize);
        FitArguments.CheckRows(x, xNames);
        var wasTraining = Model.training;
        Model.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var batches = new BatchPlan(x[0].shape[0], batchSize);
            var outputs = new List<Tensor>();
            for (var step = 0; step < batches.Steps; step++)
            {
                using var stepScope = NewDisposeScope();
                var (start, count) = batches[step];
                var output = _forward(BatchPlan.Rows(x, start, count));
                outputs.Add(output.detach().MoveToOuterDisposeScope());
            }

            var result = outputs.Count == 1 ? outputs[0] : cat(outputs, 0);
            return result.MoveToOuterDisposeScope();
        }
        finally
        {
            Model.train(wasTraining);
        }
    }

    private Dictionary<string, double> EvaluateCore(LossFunction loss, Tensor[] x, Tensor y, int batchSize)
    {
        using var means = new RunningMeans(_metrics);
        var wasTraining = Model.training;
        Model.eval();
        try
        {
            using var noGrad = no_grad();
            var batches = new BatchPlan(y.shape[0], batchSize);
            for (var step = 0; step < batches.Steps; step++)
            {
                var (start, count) = batches[step];
                using var scope = NewDisposeScope();
                var yb = y.narrow(0, start, count);
                var output = _stepForward(BatchPlan.Rows(x, start, count));
                means.Add(WithPenalties(loss.Compute(output, yb)), output, yb, count);
            }
        }
        finally
        {
            Model.train(wasTraining);
        }

        return means.Read();
    }
}
