using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// The argument checks of <see cref="TrainingSession"/>'s <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>: each
/// throws an <see cref="ArgumentException"/> naming the value and, for tensors, the shape or type it got.
/// </summary>
internal static class FitArguments
{
    public static void CheckOptions(FitOptions options)
    {
        if (options.Epochs < 0)
        {
            throw new ArgumentException($"Epochs must be 0 or more, got {options.Epochs}.", nameof(options));
        }

        if (options.InitialEpoch < 0)
        {
            throw new ArgumentException($"InitialEpoch must be 0 or more, got {options.InitialEpoch}.", nameof(options));
        }

        CheckBatchSize(options.BatchSize);
        if (!(options.ValidationSplit >= 0 && options.ValidationSplit < 1))
        {
            throw new ArgumentException(
                $"ValidationSplit must be in [0, 1), got {TrainingOptions.Format(options.ValidationSplit)}.", nameof(options));
        }

        if (options.ValidationSplit > 0 && options.ValidationData is not null)
        {
            throw new ArgumentException(
                $"Give either ValidationSplit ({TrainingOptions.Format(options.ValidationSplit)}) or ValidationData, not both.", nameof(options));
        }

        if (options.Verbose is < 0 or > 2)
        {
            throw new ArgumentException($"Verbose must be 0, 1 or 2, got {options.Verbose}.", nameof(options));
        }
    }

    public static void CheckBatchSize(int batchSize)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentException($"The batch size must be positive, got {batchSize}.", nameof(batchSize));
        }
    }

    /// <summary>The names of <paramref name="count"/> inputs in messages: <c>x</c> alone, or <c>inputs[0]</c>, <c>inputs[1]</c> ….</summary>
    public static string[] Names(string name, int count) =>
        count == 1 ? new[] { name } : Enumerable.Range(0, count).Select(i => $"{name}[{i}]").ToArray();

    public static Tensor[] CheckInputList(IReadOnlyList<Tensor>? inputs, string name)
    {
        ArgumentNullException.ThrowIfNull(inputs, name);
        if (inputs.Count == 0)
        {
            throw new ArgumentException($"{name} must hold one tensor per model input, got none.", name);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i], $"{name}[{i}]");
        }

        return inputs.ToArray();
    }

    /// <summary>Every input is usable and all have the first input's number of rows.</summary>
    public static void CheckRows(Tensor[] x, string[] names)
    {
        for (var i = 0; i < x.Length; i++)
        {
            CheckInputs(x[i], names[i]);
            if (x[i].shape[0] != x[0].shape[0])
            {
                throw new ArgumentException(
                    $"Every input must have the same number of examples: {names[0]} has shape {LossFunction.Shape(x[0])}, "
                    + $"{names[i]} has shape {LossFunction.Shape(x[i])}.", names[i]);
            }
        }
    }

    public static void CheckData(Tensor[] x, Tensor y, string[] xNames, string yName)
    {
        CheckRows(x, xNames);
        ArgumentNullException.ThrowIfNull(y, yName);
        if (y.dtype is not (ScalarType.Float32 or ScalarType.Int64))
        {
            throw new ArgumentException($"{yName} must be float32 or int64, got {y.dtype}.", yName);
        }

        if (y.Dimensions == 0 || y.shape[0] != x[0].shape[0])
        {
            throw new ArgumentException(
                $"{xNames[0]} and {yName} must have the same number of examples: {xNames[0]} has shape {LossFunction.Shape(x[0])}, "
                + $"{yName} has shape {LossFunction.Shape(y)}.", yName);
        }
    }

    private static void CheckInputs(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Dimensions == 0 || x.shape[0] == 0)
        {
            throw new ArgumentException($"{name} must hold at least one example along its first axis, got shape {LossFunction.Shape(x)}.", name);
        }

        if (x.dtype is not (ScalarType.Int64 or ScalarType.Float32))
        {
            throw new ArgumentException($"{name} must be int64 (token ids) or float32 (features), got {x.dtype}.", name);
        }
    }
}
