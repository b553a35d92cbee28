// Small generated models the training-engine tests train, plus two hand-written wrappers around them:
// one that records which rows it sees (and in which mode), one whose save can be made to fail half-way.

using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Training;

/// <summary>Eight features in, one probability out.</summary>
[Model]
[Input(8, DType = "float32")]
[Dense(1, Activation = "sigmoid")]
public partial class TinyBinary;

/// <summary>Eight features in, one logit out.</summary>
[Model]
[Input(8, DType = "float32")]
[Dense(1)]
public partial class TinyLogit;

/// <summary>Eight features, a hidden layer with dropout, one probability out.</summary>
[Model]
[Input(8, DType = "float32")]
[Dense(16, Activation = "relu")]
[Dropout(0.5)]
[Dense(1, Activation = "sigmoid")]
public partial class TinyBinaryWithDropout;

/// <summary><see cref="TinyBinaryWithDropout"/> with its compile options, to train through the generated <c>Fit</c>.</summary>
[Model(Loss = "binary_crossentropy", Optimizer = "adam", LearningRate = 0.01, Metrics = new[] { "accuracy" })]
[Input(8, DType = "float32")]
[Dense(16, Activation = "relu")]
[Dropout(0.5)]
[Dense(1, Activation = "sigmoid")]
public partial class CompiledBinaryWithDropout;

/// <summary>Keras's spellings as a Keras user writes them (<c>BinaryCrossentropy</c>, <c>RMSprop</c>, <c>acc</c>), through the generated <c>Fit</c>.</summary>
[Model(Loss = "BinaryCrossentropy", Optimizer = "RMSprop", LearningRate = 0.05, Metrics = new[] { "acc" })]
[Input(8, DType = "float32")]
[Dense(1, Activation = "sigmoid")]
public partial class KerasSpelledBinary;

/// <summary>Six features in, a softmax over three classes out.</summary>
[Model]
[Input(6, DType = "float32")]
[Dense(3, Activation = "softmax")]
public partial class TinyCategorical;

/// <summary>Token ids in, a softmax over 7 classes at every one of 5 steps out: <c>[B, 5] -> [B, 5, 7]</c>.</summary>
[Model]
[Input(5)]
[Embedding(20, 4)]
[LSTM(6, ReturnSequences = true)]
[Dense(7, Activation = "softmax")]
public partial class TinyTagger;

/// <summary>All tests that train share one collection that runs alone: torch's global generator is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Training engine";
}

/// <summary>
/// Wraps <see cref="TinyBinary"/> and records, for every forward call, whether the model was in training mode and the
/// rows it saw (read from feature 0, which the tests set to the row number).
/// </summary>
public sealed class RecordingModel : nn.Module<Tensor, Tensor>
{
    private readonly TinyBinary inner;

    public RecordingModel()
        : base(nameof(RecordingModel))
    {
        inner = new TinyBinary();
        RegisterComponents();
    }

    public List<(bool Training, long[] Rows)> Calls { get; } = new();

    public IEnumerable<long[]> TrainingCalls => Calls.Where(c => c.Training).Select(c => c.Rows);

    public IEnumerable<long[]> EvaluationCalls => Calls.Where(c => !c.Training).Select(c => c.Rows);

    public override Tensor forward(Tensor input)
    {
        using (var scope = NewDisposeScope())
        {
            var rows = input.select(1, 0).to_type(ScalarType.Float64).data<double>().Select(v => (long)Math.Round(v)).ToArray();
            Calls.Add((training, rows));
        }

        return inner.call(input);
    }
}

/// <summary>Wraps <see cref="TinyBinary"/>; when <see cref="FailSaves"/> is set, saving writes part of the file and then throws.</summary>
public sealed class FlakyModel : nn.Module<Tensor, Tensor>
{
    private readonly TinyBinary inner;

    public FlakyModel()
        : base(nameof(FlakyModel))
    {
        inner = new TinyBinary();
        RegisterComponents();
    }

    public bool FailSaves { get; set; }

    public override Tensor forward(Tensor input) => inner.call(input);

    public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
    {
        var entries = base.state_dict(destination, prefix);
        if (FailSaves)
        {
            // A disposed tensor after the real ones: the writer gets through those, then fails on this one.
            var broken = zeros(1);
            broken.Dispose();
            entries["zz_broken"] = broken;
        }

        return entries;
    }
}
