using System;
using ModelDsl.Runtime;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace ModelDsl.Cli;

/// <summary>
/// What <see cref="ModelCommandLine"/> needs to know about a model class. The generator emits one in every model's
/// <c>RunAsync(string[] args)</c>; hand-written modules can build their own.
/// </summary>
/// <param name="Name">The model class's name, used in messages and for the default run folder <c>./runs/&lt;Name&gt;</c>.</param>
/// <param name="Create">Makes a new, untrained instance of the model (its weights drawn from torch's global generator).</param>
/// <param name="Input">The model's input: every dimension including the batch, and the element type.</param>
/// <param name="TrainingOptions">The loss, optimizer and metrics of <c>[Model(...)]</c>.</param>
/// <param name="VocabularySize">The <c>inputDim</c> of the model's first <c>Embedding</c>, or <see langword="null"/> when it has none.</param>
/// <param name="OutputUnits">The size of the last dimension of the model's output (1 for a binary classifier).</param>
public sealed record ModelDescription(
    string Name,
    Func<nn.Module<Tensor, Tensor>> Create,
    InputSignature Input,
    TrainingOptions TrainingOptions,
    int? VocabularySize,
    int OutputUnits);
