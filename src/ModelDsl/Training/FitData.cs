using System;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// The training rows and the validation rows of one <c>Fit</c> call: the validation data given, the last
/// <see cref="FitOptions.ValidationSplit"/> of the rows (views it owns and disposes), or none.
/// </summary>
internal sealed class FitData : IDisposable
{
    private readonly Tensor[] _owned;

    private FitData(Tensor[] trainX, Tensor trainY, Tensor[]? validationX, Tensor? validationY, params Tensor[] owned)
    {
        TrainX = trainX;
        TrainY = trainY;
        ValidationX = validationX;
        ValidationY = validationY;
        _owned = owned;
    }

    public Tensor[] TrainX { get; }

    public Tensor TrainY { get; }

    public Tensor[]? ValidationX { get; }

    public Tensor? ValidationY { get; }

    /// <summary>
    /// Checks <paramref name="validation"/> against the training inputs when given, otherwise splits off
    /// <see cref="FitOptions.ValidationSplit"/> of <paramref name="x"/> and <paramref name="y"/> when it is set.
    /// </summary>
    /// <exception cref="ArgumentException">The validation data do not fit, or the split would leave one side empty.</exception>
    public static FitData Create(Tensor[] x, Tensor y, FitOptions options, (Tensor[] X, Tensor Y)? validation, string[] validationNames)
    {
        if (validation is { } given)
        {
            if (given.X.Length != x.Length)
            {
                throw new ArgumentException($"The validation data have {given.X.Length} inputs, the training data {x.Length}.", nameof(options));
            }

            FitArguments.CheckData(given.X, given.Y, validationNames, "validation targets");
            return new FitData(x, y, given.X, given.Y);
        }

        if (options.ValidationSplit > 0)
        {
            // Keras: the last fraction of the rows as given, before any shuffling.
            var n = y.shape[0];
            var splitAt = (long)Math.Floor(n * (1.0 - options.ValidationSplit));
            if (splitAt == 0 || splitAt == n)
            {
                throw new ArgumentException(
                    $"Training data contains {n} samples, which is not sufficient to split it into a validation and "
                    + $"training set as specified by ValidationSplit = {TrainingOptions.Format(options.ValidationSplit)}. "
                    + "Either provide more data or a different ValidationSplit.", nameof(options));
            }

            var trainX = x.Select(input => input.narrow(0, 0, splitAt)).ToArray();
            var trainY = y.narrow(0, 0, splitAt);
            var validationX = x.Select(input => input.narrow(0, splitAt, n - splitAt)).ToArray();
            var validationY = y.narrow(0, splitAt, n - splitAt);
            return new FitData(trainX, trainY, validationX, validationY, [.. trainX, trainY, .. validationX, validationY]);
        }

        return new FitData(x, y, null, null);
    }

    public void Dispose()
    {
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }
    }
}
