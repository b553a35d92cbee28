using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using ModelDsl.Saving;
using ModelDsl.Text;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace ModelDsl.Cli;

/// <summary>
/// The files of a text-classification run folder, as <c>train</c> writes them and <c>evaluate</c> and <c>predict</c>
/// read them back (through <see cref="RunFolderWriter"/> and <see cref="RunFolder"/>, which check them against the
/// manifest): their names, and the layout of each file this command line writes itself.
/// </summary>
internal static class TextRunFiles
{
    /// <summary>The model archive: weights, tokenizer, padding, compile options and layer signature in one file.</summary>
    public const string ModelFile = "model" + ModelArchive.Extension;
    public const string BestCheckpointFile = "best.ckpt";
    public const string HistoryCsvFile = "history.csv";
    public const string HistoryJsonFile = "history.json";
    public const string CurvesFile = "curves.png";
    public const string TestResultsFile = "test.json";

    /// <summary>What run folders held before the model archive replaced them; a new run deletes them.</summary>
    public const string LegacyWeightsFile = "weights.bin";

    /// <summary>Every file a run folder of this command line may hold; a new run deletes those it does not write.</summary>
    public static readonly string[] All =
    {
        ModelFile, BestCheckpointFile, HistoryCsvFile, HistoryJsonFile, CurvesFile, TestResultsFile,
        LegacyWeightsFile, "tokenizer.json", "preprocessing.json",
    };

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// What <c>train</c> writes after fitting: the model archive (the weights with the tokenizer and the padding length)
    /// and, when an epoch ran, the history and its curves.
    /// </summary>
    public static void SaveTraining(
        RunFolderWriter run, nn.Module module, ModelDescription model, Tokenizer tokenizer, int length, History history)
    {
        ModelArchive.Save(module, run.PathOf(ModelFile), new[] { model.Input }, model.TrainingOptions, tokenizer, new TextPreprocessing(length));
        if (history.Epochs.Count > 0)
        {
            HistoryFiles.SaveCsv(history, run.PathOf(HistoryCsvFile));
            HistoryFiles.SaveJson(history, run.PathOf(HistoryJsonFile));
            TrainingCurves.SavePng(history, run.PathOf(CurvesFile));
        }
    }

    /// <summary>The run's verified <c>model.mdsl</c>, read and checked (format version, every entry's SHA-256).</summary>
    /// <exception cref="InvalidDataException">The file does not match the run's manifest, or is not a model archive; the message names it.</exception>
    /// <exception cref="CommandLineException">The archive holds no tokenizer or padding length (it was not written by <c>train</c>).</exception>
    public static ModelArchive ReadModel(RunFolder run)
    {
        string path = Path.Combine(run.Directory, ModelFile);
        ModelArchive archive;
        using (FileStream stream = run.OpenVerified(ModelFile))
        {
            archive = ModelArchive.Read(stream, path);
        }

        if (archive.Tokenizer is null || archive.Preprocessing is null)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                $"{path} holds no {(archive.Tokenizer is null ? "tokenizer" : "padding length")}, which 'train' writes; re-train to use it here.");
        }

        return archive;
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
