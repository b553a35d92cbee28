using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using ModelDsl.Text;
using ModelDsl.Training;

namespace ModelDsl.Cli;

/// <summary>
/// The files of a text-classification run folder, as <c>train</c> writes them and <c>evaluate</c> and <c>predict</c>
/// read them back (through <see cref="RunFolderWriter"/> and <see cref="RunFolder"/>, which check them against the
/// manifest): their names, and the layout of each file this command line writes itself.
/// </summary>
internal static class TextRunFiles
{
    public const string WeightsFile = "weights.bin";
    public const string BestCheckpointFile = "best.ckpt";
    public const string TokenizerFile = "tokenizer.json";
    public const string HistoryCsvFile = "history.csv";
    public const string HistoryJsonFile = "history.json";
    public const string CurvesFile = "curves.png";
    public const string PreprocessingFile = "preprocessing.json";
    public const string TestResultsFile = "test.json";

    /// <summary>Every file a run folder of this command line may hold; a new run deletes those it does not write.</summary>
    public static readonly string[] All =
    {
        WeightsFile, BestCheckpointFile, TokenizerFile, HistoryCsvFile, HistoryJsonFile, CurvesFile, PreprocessingFile, TestResultsFile,
    };

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What <c>train</c> writes after fitting: the weights, the tokenizer and, when an epoch ran, the history and its curves.</summary>
    public static void SaveTraining(RunFolderWriter run, TrainingSession session, Tokenizer tokenizer, History history)
    {
        session.SaveWeights(run.PathOf(WeightsFile));
        WriteText(run.PathOf(TokenizerFile), tokenizer.ToJson());
        if (history.Epochs.Count > 0)
        {
            HistoryFiles.SaveCsv(history, run.PathOf(HistoryCsvFile));
            HistoryFiles.SaveJson(history, run.PathOf(HistoryJsonFile));
            TrainingCurves.SavePng(history, run.PathOf(CurvesFile));
        }
    }

    /// <summary><c>preprocessing.json</c>: the ids per review, <c>{"max_length": N}</c>.</summary>
    public static void WritePreprocessing(string path, int length) =>
        WriteText(path, $"{{\n  \"max_length\": {length.ToString(CultureInfo.InvariantCulture)}\n}}\n");

    /// <summary>The <c>max_length</c> of the run's verified <c>preprocessing.json</c>.</summary>
    /// <exception cref="CommandLineException">The file is not <c>{"max_length": N}</c> with N ≥ 1.</exception>
    public static int ReadMaxLength(RunFolder run)
    {
        string path = Path.Combine(run.Directory, PreprocessingFile);
        string text = run.ReadVerifiedText(PreprocessingFile);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            int length = document.RootElement.GetProperty("max_length").GetInt32();
            if (length > 0)
            {
                return length;
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{path}: expected {{\"max_length\": N}} with N ≥ 1 ({ex.Message})", ex);
        }

        throw new CommandLineException(ModelCommandLine.ExitFailure, $"{path}: expected {{\"max_length\": N}} with N ≥ 1.");
    }

    /// <summary>The run's verified <c>tokenizer.json</c>, Keras's <c>to_json</c> layout.</summary>
    /// <exception cref="CommandLineException">The file is not a tokenizer's JSON; the message names it.</exception>
    public static Tokenizer ReadTokenizer(RunFolder run)
    {
        string json = run.ReadVerifiedText(TokenizerFile);
        try
        {
            return Tokenizer.FromJson(json);
        }
        catch (InvalidDataException ex)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{Path.Combine(run.Directory, TokenizerFile)}: {ex.Message}", ex);
        }
    }

    /// <summary><c>test.json</c>: the number of test reviews, then the loss and each metric by name.</summary>
    public static void WriteTestResults(string path, int reviews, IReadOnlyDictionary<string, double> results)
    {
        var json = new StringBuilder("{\n");
        json.Append("  \"reviews\": ").Append(reviews.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in results)
        {
            json.Append(",\n  \"").Append(name).Append("\": ").Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        json.Append("\n}\n");
        WriteText(path, json.ToString());
    }

    /// <summary>A run file as UTF-8 without a byte-order mark, written atomically.</summary>
    private static void WriteText(string path, string text)
    {
        byte[] bytes = Utf8NoBom.GetBytes(text);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
