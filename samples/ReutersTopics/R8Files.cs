using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ReutersTopics;

/// <summary>
/// Where the sample finds R8 when <c>train</c> is given no <c>--data</c>: <c>reuters_r8_substitute/</c> under
/// <c>$MODELDSL_DATASETS</c>, else under <c>../shared/datasets</c> (from the working folder).
/// </summary>
internal static class R8Files
{
    public const string Folder = "reuters_r8_substitute";
    public const string TrainFile = "r8-train-all-terms.txt";
    public const string TestFile = "r8-test-all-terms.txt";

    /// <summary>The folders looked in, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("MODELDSL_DATASETS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            yield return Path.GetFullPath(Path.Combine(fromEnvironment, Folder));
        }

        yield return Path.GetFullPath(Path.Combine("..", "shared", "datasets", Folder));
    }

    /// <summary>
    /// <paramref name="args"/> with <c>--data</c> and <c>--test-data</c> added for a <c>train</c> that has neither
    /// (R8's training and test files); <see langword="null"/> and <paramref name="error"/> when they are needed and
    /// not found.
    /// </summary>
    public static string[]? WithDefaults(string[] args, out string? error)
    {
        error = null;
        bool train = args.FirstOrDefault(a => !a.StartsWith('-')) == "train";
        bool help = args.Any(a => a is "--help" or "-h" or "-?");
        bool hasData = args.Any(a => a == "--data" || a.StartsWith("--data=", StringComparison.Ordinal));
        bool hasTestData = args.Any(a => a == "--test-data" || a.StartsWith("--test-data=", StringComparison.Ordinal));
        if (!train || help || hasData || hasTestData)
        {
            return args;
        }

        foreach (string folder in Candidates())
        {
            string trainPath = Path.Combine(folder, TrainFile);
            string testPath = Path.Combine(folder, TestFile);
            if (File.Exists(trainPath) && File.Exists(testPath))
            {
                return [.. args, "--data", trainPath, "--test-data", testPath];
            }
        }

        error = $"train needs --data: R8's {TrainFile} and {TestFile} were not found in {string.Join(" or ", Candidates())}. "
            + "Give --data <r8-train-all-terms.txt> --test-data <r8-test-all-terms.txt> (R8, Cardoso-Cachopo's 8-topic Reuters-21578 subset).";
        return null;
    }
}
