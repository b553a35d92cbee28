// R8 topic classification (8 Reuters topics) as one command-line program. --model dense|simplernn|lstm|gru picks the
// model class (dense, the tf-idf baseline, by default; evaluate and predict take it from the run folder's manifest);
// every other argument goes to that model's generated command line: train, evaluate, predict, summary (--help).
// train without --data reads R8 from $MODELDSL_DATASETS or ../shared/datasets (see R8Files.cs and README.md).
using System;
using System.Linq;
using ReutersTopics;

var (model, rest) = ModelChoice.Take(args);
model ??= ModelChoice.FromRunFolder(rest) ?? ModelChoice.Dense;
if (rest.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine(
        $"ReutersTopics: --model {string.Join("|", ModelChoice.Names)} picks the model (default {ModelChoice.Dense}; "
        + "evaluate and predict read it from the run folder). train without --data reads R8 "
        + $"({R8Files.TrainFile}, tested on {R8Files.TestFile}) from {string.Join(" or ", R8Files.Candidates())}. "
        + "Keras's 46-topic reuters.npz holds word ids, not texts, so it is not a --data for these models.");
    Console.WriteLine();
}

string[]? arguments = R8Files.WithDefaults(rest, out string? error);
if (arguments is null)
{
    Console.Error.WriteLine($"ReutersTopics train: {error}");
    return 2;
}

return model switch
{
    ModelChoice.Dense => await ReutersDense.RunAsync(arguments),
    ModelChoice.SimpleRnn => await ReutersSimpleRnn.RunAsync(arguments),
    ModelChoice.Lstm => await ReutersLstm.RunAsync(arguments),
    _ => await ReutersGru.RunAsync(arguments),
};
