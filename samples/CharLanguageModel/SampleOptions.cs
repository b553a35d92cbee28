using System;
using System.Globalization;
using System.IO;

namespace CharLanguageModel;

/// <summary>The program's options, with the defaults of Raschka's notebook where it has one.</summary>
internal sealed record SampleOptions(string Data, int Epochs, int? Limit, int Length, long Seed, string Prompt, bool Stateful = false)
{
    /// <summary>Where the book is unless <c>--data</c> says otherwise: under MODELDSL_DATASETS, else ../shared/datasets (run from the repository's root).</summary>
    private static string DefaultData =>
        Path.Combine(Environment.GetEnvironmentVariable("MODELDSL_DATASETS") ?? Path.Combine("..", "shared", "datasets"), "gutenberg_mysterious_island", "1268-0.txt");

    /// <summary>The options, or <c>null</c> after printing what was wrong.</summary>
    public static SampleOptions? Parse(string[] args)
    {
        var options = new SampleOptions(Path.GetFullPath(DefaultData), Epochs: 20, Limit: null, Length: 500, Seed: 1, Prompt: "The island");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--stateful")
            {
                options = options with { Stateful = true };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : null;
            var known = true;
            switch (args[i])
            {
                case "--data" when value is not null:
                    options = options with { Data = value };
                    break;
                case "--epochs" when Positive(value) is { } epochs:
                    options = options with { Epochs = epochs };
                    break;
                case "--limit" when Positive(value) is { } limit:
                    options = options with { Limit = limit };
                    break;
                case "--length" when Positive(value) is { } length:
                    options = options with { Length = length };
                    break;
                case "--seed" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed):
                    options = options with { Seed = seed };
                    break;
                case "--prompt" when !string.IsNullOrEmpty(value):
                    options = options with { Prompt = value };
                    break;
                default:
                    known = false;
                    break;
            }

            if (!known)
            {
                Console.Error.WriteLine($"error: '{args[i]}' {(value is null ? "needs a value" : $"with '{value}' is not an option")}; " +
                    "expected --data PATH, --epochs N, --limit SEQUENCES, --length CHARACTERS, --seed N, --prompt TEXT, --stateful");
                return null;
            }

            i++;
        }

        return options;
    }

    private static int? Positive(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
}
