// Trains each reference model from TorchSharp's and from Keras's initial weights on the same reviews, seeds and
// batches, and prints the validation accuracy per epoch: the evidence behind [Model(Initializer)]'s default.
//
//   dotnet run -c Release --project benchmarks/InitializerComparison -- [--data <movie_data.csv.gz>] [--tasks imdb,birnn,bilstm] [--seeds 2] [--epochs 3]
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using InitializerComparison;
using ModelDsl.Datasets;
using ModelDsl.Text;
using ModelDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

var options = Arguments.Parse(args);
var (texts, labels) = MovieReviews.Load(options.DataPath, limit: 25_000);
Console.WriteLine($"{texts.Length:N0} reviews from {options.DataPath}: the first 20,000 train, the last 5,000 validate.");

var tasks = new List<ComparisonTask>
{
    new("imdb", "IMDB LSTM (Embedding 10000x128, LSTM 32; 40 ids)", 10_000, 40, () => new ImdbLstmTorch(), () => new ImdbLstmKeras()),
    new("birnn", "Bidirectional SimpleRNN 64 (Embedding 20000x20; 100 ids)", 20_000, 100, () => new BiSimpleRnnTorch(), () => new BiSimpleRnnKeras()),
    new("bilstm", "Bidirectional LSTM 64 (Embedding 20000x20; 200 ids)", 20_000, 200, () => new BiLstmTorch(), () => new BiLstmKeras()),
};

foreach (var task in tasks.Where(t => options.Tasks.Contains(t.Key)))
{
    var tokenizer = new Tokenizer(numWords: task.Vocabulary);
    tokenizer.FitOnTexts(texts.Take(20_000));
    using var x = Sequences.PadSequences(tokenizer.TextsToSequences(texts), maxLen: task.Length).ToTensor();
    using var y = tensor(labels, new long[] { labels.Length, 1 }, ScalarType.Float32);

    Console.WriteLine();
    Console.WriteLine(task.Title);
    var finals = new Dictionary<string, List<double>> { ["torch"] = new(), ["keras"] = new() };
    for (var seed = 1; seed <= options.Seeds; seed++)
    {
        foreach (var (name, create) in new[] { ("torch", task.Torch), ("keras", task.Keras) })
        {
            manual_seed(seed);
            using var model = create();
            using var session = new TrainingSession(model, inputs => model.call(inputs[0]), ImdbLstmTorch.TrainingOptions);
            var history = session.Fit(new[] { x }, y, new FitOptions
            {
                Epochs = options.Epochs, BatchSize = 32, ValidationSplit = 0.2, Seed = seed, Verbose = 0,
            });
            var accuracies = history.Epochs.Select(e => e.Values["val_accuracy"]).ToArray();
            finals[name].Add(accuracies.Max());
            Console.WriteLine(
                $"  seed {seed} {name,-5}  val_accuracy by epoch: {string.Join("  ", accuracies.Select(Percent))}"
                + $"  (train loss {history.Epochs[^1].Values["loss"].ToString("0.0000", CultureInfo.InvariantCulture)}, {history.Epochs.Sum(e => e.Duration.TotalSeconds):0}s)");
        }
    }

    Console.WriteLine($"  best val_accuracy, mean over seeds: torch {Percent(finals["torch"].Average())}, keras {Percent(finals["keras"].Average())}");
}

static string Percent(double value) => (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

internal sealed record ComparisonTask(
    string Key, string Title, int Vocabulary, int Length, Func<nn.Module<Tensor, Tensor>> Torch, Func<nn.Module<Tensor, Tensor>> Keras);

internal sealed record Arguments(string DataPath, HashSet<string> Tasks, int Seeds, int Epochs)
{
    public static Arguments Parse(string[] args)
    {
        var data = Path.Combine(Environment.GetEnvironmentVariable("MODELDSL_DATASETS") ?? Path.Combine("..", "shared", "datasets"), "raschka_movie_data", "movie_data.csv.gz");
        var tasks = new HashSet<string> { "imdb", "birnn", "bilstm" };
        var seeds = 2;
        var epochs = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--data": data = args[i + 1]; break;
                case "--tasks": tasks = args[i + 1].Split(',').ToHashSet(); break;
                case "--seeds": seeds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; expected --data, --tasks, --seeds or --epochs.");
            }
        }

        if (!File.Exists(data))
        {
            throw new FileNotFoundException($"Review data not found at {Path.GetFullPath(data)}; pass --data or set MODELDSL_DATASETS.", data);
        }

        return new Arguments(data, tasks, seeds, epochs);
    }
}
