using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// Keras's <c>Callback</c>: hooks that <see cref="TrainingSession.Fit(Tensor, Tensor, FitOptions?)"/> calls around training. Every hook does
/// nothing unless overridden. Epoch numbers are Keras's 0-based indices (the progress display shows them plus one).
/// Hooks are called outside the per-step dispose scopes, so tensors a hook creates are its own to dispose.
/// </summary>
public abstract class Callback
{
    /// <summary>Called once before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingContext context)
    {
    }

    /// <summary>Called at the start of epoch <paramref name="epoch"/> (0-based).</summary>
    public virtual void OnEpochBegin(TrainingContext context, int epoch)
    {
    }

    /// <summary>
    /// Called after every training step with the running means of the epoch so far (<c>loss</c>, <c>accuracy</c>, …).
    /// The dictionary is reused from step to step: copy it to keep it.
    /// </summary>
    public virtual void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>
    /// Called after epoch <paramref name="epoch"/> (0-based) with its final values (<c>loss</c>, <c>accuracy</c>,
    /// <c>val_loss</c>, <c>val_accuracy</c>). The epoch is already in <see cref="TrainingContext.History"/> and counted in
    /// <see cref="TrainingSession.CompletedEpochs"/>. Set <see cref="TrainingContext.StopTraining"/> to end training.
    /// </summary>
    public virtual void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
    }

    /// <summary>Called once after the last epoch, also when training was stopped early.</summary>
    public virtual void OnTrainEnd(TrainingContext context)
    {
    }

    /// <summary>Keras's automatic <c>mode</c>: maximize a monitored name containing <c>acc</c>, minimize anything else.</summary>
    /// <exception cref="ArgumentException"><paramref name="mode"/> is not <c>auto</c>, <c>min</c> or <c>max</c>.</exception>
    protected static bool ResolveMaximize(string mode, string monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return mode switch
        {
            "min" => false,
            "max" => true,
            "auto" => monitor.Contains("acc", StringComparison.Ordinal),
            _ => throw new ArgumentException($"Unknown mode '{mode}'; allowed: 'auto', 'min', 'max'.", nameof(mode)),
        };
    }

    /// <summary>The value of <paramref name="monitor"/> in <paramref name="logs"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not logged; the message names it and lists the keys that are.</exception>
    protected static double Monitored(string owner, string monitor, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.TryGetValue(monitor, out var value))
        {
            return value;
        }

        throw new InvalidOperationException(
            $"{owner} monitors '{monitor}', which is not logged; available: {string.Join(", ", logs.Keys)}. "
            + "Validation values (val_*) exist only with ValidationSplit or ValidationData; accuracy only with Metrics = [\"accuracy\"].");
    }
}

/// <summary>What callbacks see of the training run in progress.</summary>
public sealed class TrainingContext
{
    /// <summary>Describes a run; <see cref="TrainingSession.Fit(Tensor, Tensor, FitOptions?)"/> creates one per call (tests may create their own).</summary>
    /// <param name="session">The session training the model.</param>
    /// <param name="epochs">The epoch index training stops before (<see cref="FitOptions.Epochs"/>).</param>
    /// <param name="stepsPerEpoch">Training steps per epoch, the last partial batch included.</param>
    /// <param name="history">The history being filled.</param>
    /// <param name="initialEpoch">The first epoch index of this run.</param>
    /// <param name="batchSize">Examples per step.</param>
    /// <param name="samples">Training examples per epoch.</param>
    public TrainingContext(TrainingSession session, int epochs, int stepsPerEpoch, History history, int initialEpoch = 0, int batchSize = 32, long samples = 0)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(history);
        Session = session;
        Epochs = epochs;
        StepsPerEpoch = stepsPerEpoch;
        History = history;
        InitialEpoch = initialEpoch;
        BatchSize = batchSize;
        Samples = samples;
    }

    /// <summary>The model being trained.</summary>
    public nn.Module Model => Session.Model;

    /// <summary>The session (loss, optimizer, save and load).</summary>
    public TrainingSession Session { get; }

    /// <summary>The epoch index training stops before.</summary>
    public int Epochs { get; }

    /// <summary>The first epoch index of this run (non-zero when resuming).</summary>
    public int InitialEpoch { get; }

    /// <summary>Training steps per epoch, the last partial batch included.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Examples per step.</summary>
    public int BatchSize { get; }

    /// <summary>Training examples per epoch.</summary>
    public long Samples { get; }

    /// <summary>The epochs finished so far in this run.</summary>
    public History History { get; }

    /// <summary>Keras's <c>model.stop_training</c>: set it to end training after the current step.</summary>
    public bool StopTraining { get; set; }
}
