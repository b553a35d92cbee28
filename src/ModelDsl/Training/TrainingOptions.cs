using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelDsl.Training;

/// <summary>
/// Keras's <c>compile(...)</c> arguments for one model class: the loss, the optimizer and its settings, and the metrics.
/// The generator emits one instance per model from the named arguments of <see cref="ModelAttribute"/>;
/// <see cref="TrainingSession"/> re-validates every string at run time.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// <c>"binary_crossentropy"</c>, <c>"categorical_crossentropy"</c>, <c>"sparse_categorical_crossentropy"</c> or
    /// <c>"mse"</c> (<see cref="LossFunction.Names"/>). <see langword="null"/> means the model cannot be trained or
    /// evaluated (<c>Predict</c> still works).
    /// </summary>
    public string? Loss { get; init; }

    /// <summary><c>"rmsprop"</c> (Keras's default), <c>"adam"</c>, <c>"sgd"</c> or <c>"adagrad"</c>; see <see cref="OptimizerFactory"/> for the defaults used.</summary>
    public string Optimizer { get; init; } = OptimizerFactory.RmsProp;

    /// <summary>Metrics logged besides the loss: <c>"accuracy"</c> (or Keras's short form <c>"acc"</c>); see <see cref="AccuracyMetric"/>.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>The learning rate; <see langword="null"/> uses the optimizer's Keras default (0.001; 0.01 for <c>sgd</c>).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Keras's <c>from_logits</c>: the model outputs logits rather than probabilities.</summary>
    public bool FromLogits { get; init; }

    /// <summary>
    /// When set, each step rescales the gradients so that their global L2 norm over all trainable parameters is at
    /// most this value (Keras's <c>global_clipnorm</c>; torch's <c>clip_grad_norm_</c>). Note that Keras's
    /// <c>clipnorm</c> clips every variable separately; this clips them together, as <see cref="ModelAttribute.ClipNorm"/> documents.
    /// </summary>
    public double? ClipNorm { get; init; }

    /// <summary>
    /// Weight decay, default 0. Decoupled (AdamW: <c>w -= lr * decay * w</c>, like Keras's optimizers' <c>weight_decay</c>)
    /// for <c>adam</c>; torch's L2 penalty added to the gradient (<c>g += decay * w</c>) for the other optimizers.
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>Momentum for <c>sgd</c> and <c>rmsprop</c>, in [0, 1]; default 0. Other optimizers reject a non-zero value.</summary>
    public double Momentum { get; init; }

    /// <summary>Adam's β₁ (Keras <c>beta_1</c>), the decay of the gradient's running mean, in [0, 1); default 0.9. Adam only.</summary>
    public double? Beta1 { get; init; }

    /// <summary>Adam's β₂ (Keras <c>beta_2</c>), the decay of the squared gradient's running mean, in [0, 1); default 0.999. Adam only.</summary>
    public double? Beta2 { get; init; }

    /// <summary>
    /// The ε added to the denominator (Keras <c>epsilon</c>) of <c>adam</c>, <c>rmsprop</c> and <c>adagrad</c>; positive,
    /// default Keras's 1e-7. <c>sgd</c> has none.
    /// </summary>
    public double? Epsilon { get; init; }

    /// <summary>
    /// Checks every value and throws <see cref="ArgumentException"/> naming the bad one and what is allowed.
    /// A missing <see cref="Loss"/> is not an error here (it is when training or evaluating).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name or an out-of-range number.</exception>
    public void Validate()
    {
        if (Loss is not null)
        {
            _ = LossFunction.Canonical(Loss);
        }

        OptimizerFactory.Validate(this);
        foreach (var metric in Metrics ?? Array.Empty<string>())
        {
            if (!AccuracyMetric.Names.Contains(metric, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"Unknown metric '{metric}'; allowed: {string.Join(", ", AccuracyMetric.Names.Select(n => $"'{n}'"))}.", nameof(Metrics));
            }
        }

        if (Metrics is not null && Metrics.Distinct(StringComparer.Ordinal).Count() != Metrics.Count)
        {
            throw new ArgumentException($"Metrics lists a name twice: {string.Join(", ", Metrics)}.", nameof(Metrics));
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// Keras's <c>fit(...)</c> arguments. Defaults are Keras's (<c>epochs=1</c>, <c>batch_size=32</c>, <c>shuffle=True</c>,
/// <c>verbose=1</c>, <c>initial_epoch=0</c>).
/// </summary>
public sealed record FitOptions
{
    /// <summary>
    /// The epoch index to stop before (Keras's <c>epochs</c>): training runs epochs <see cref="InitialEpoch"/> …
    /// <c>Epochs - 1</c>, so a resumed run passes the same total as an uninterrupted one.
    /// </summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Examples per step; the last batch of an epoch holds the remainder and is used.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Fraction in [0, 1) of the data held out for validation: as in Keras, the LAST <c>floor(N * (1 - split))</c>…<c>N</c>
    /// rows, taken before any shuffling and never shuffled. Cannot be combined with <see cref="ValidationData"/>.
    /// </summary>
    public double ValidationSplit { get; init; }

    /// <summary>Separate validation inputs and targets, evaluated at the end of every epoch.</summary>
    public (TorchSharp.torch.Tensor X, TorchSharp.torch.Tensor Y)? ValidationData { get; init; }

    /// <summary>Separate validation inputs (one tensor per model input, in order) and targets, for models with several inputs.</summary>
    public (IReadOnlyList<TorchSharp.torch.Tensor> Inputs, TorchSharp.torch.Tensor Y)? MultiInputValidationData { get; init; }

    /// <summary>Shuffle the training rows at the start of every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Callbacks, called in order; a <see cref="ProgressDisplay"/> is added first when <see cref="Verbose"/> is not 0 and none is given.</summary>
    public IReadOnlyList<Callback>? Callbacks { get; init; }

    /// <summary>
    /// Makes a run repeatable on one machine. The shuffle order of epoch <c>e</c> comes from a <c>torch.Generator</c>
    /// seeded from (<c>Seed</c>, <c>e</c>), and at the start of every epoch <c>torch.manual_seed</c> is called with a
    /// value derived from (<c>Seed</c>, <c>e</c>) so dropout masks repeat too. Both depend only on the seed and the
    /// epoch index, so a run resumed from a checkpoint at epoch <c>e</c> continues exactly as the uninterrupted run.
    /// Note that this reseeds torch's global generator. <see langword="null"/>: after <see cref="RandomSeed.Set"/>, the
    /// next seed of the sequence that call started (so a program that sets the seed repeats its runs without passing one
    /// here); otherwise a fresh random order every call.
    /// </summary>
    public long? Seed { get; init; }

    /// <summary>0 = silent, 1 = progress bar (plain lines when the output is redirected), 2 = one line per epoch.</summary>
    public int Verbose { get; init; } = 1;

    /// <summary>The epoch to start at (Keras's <c>initial_epoch</c>), e.g. <see cref="TrainingSession.CompletedEpochs"/> after <see cref="TrainingSession.LoadCheckpoint"/>.</summary>
    public int InitialEpoch { get; init; }
}
