using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelDsl.Datasets;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Runtime;
using ModelDsl.Saving;
using ModelDsl.Text;
using ModelDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Cli;

/// <summary>The values of <c>train</c>'s options.</summary>
internal sealed record TrainArguments(
    string? DataPath, int Epochs, int BatchSize, long Seed, string OutDirectory, double ValidationSplit, int? Limit, int? Patience,
    int? MaxLength = null, double TestSplit = 0, string? TestDataPath = null);

/// <summary>
/// <c>train</c>, <c>evaluate</c> and <c>predict</c> for a text-classification model: labelled texts become padded
/// token ids with a Keras tokenizer (or, for a model whose input is <c>[batch, W]</c> float32 features, the
/// tokenizer's tf-idf matrix of W columns), labels become the targets the model's loss takes.
/// </summary>
internal sealed partial class TextClassification
{
    private readonly ModelDescription _model;
    private readonly TextWriter _output;
    private readonly bool _consoleOutput;
    private readonly int? _fixedLength;
    private readonly int _vocabulary;
    private readonly bool _tfidf;

    /// <exception cref="CommandLineException">
    /// The model takes neither token ids read by an Embedding nor a float32 feature vector <c>[batch, W]</c>.
    /// </exception>
    public TextClassification(ModelDescription model, TextWriter output, bool consoleOutput, string command)
    {
        _model = model;
        _output = output;
        _consoleOutput = consoleOutput;
        IReadOnlyList<long> dimensions = model.Input.Dimensions;
        bool tokenIds = model.Input.ElementType == ScalarType.Int64
            && dimensions.Count == 2 && (dimensions[1] == InputSignature.AnySize || dimensions[1] is > 0 and <= int.MaxValue);
        _tfidf = model.Input.ElementType == ScalarType.Float32 && model.VocabularySize is null
            && dimensions.Count == 2 && dimensions[1] is > 1 and <= int.MaxValue;
        if (_tfidf)
        {
            // One column per word index (column 0, padding, stays 0): the tokenizer keeps W - 1 words.
            _fixedLength = (int)dimensions[1];
            _vocabulary = (int)dimensions[1];
            return;
        }

        if (!tokenIds || model.VocabularySize is not { } vocabulary)
        {
            var has = new List<string> { $"takes {model.Input.Describe()}" };
            if (model.VocabularySize is null)
            {
                has.Add("has no Embedding");
            }

            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'{command}' handles text-classification models, whose input is token ids "
                + $"([batch, L] int64) read by an Embedding or a tf-idf row ([batch, W] float32, W ≥ 2); {model.Name} {string.Join(" and ", has)}.");
        }

        _fixedLength = dimensions[1] > 0 ? (int)dimensions[1] : null;
        _vocabulary = vocabulary;
    }

    private bool Binary => _model.OutputUnits == 1;

    public int Evaluate(string dataPath, string runDirectory, int? limit)
    {
        RequireLoss("evaluate");
        RunFolder run = RunFolder.Open(runDirectory);
        ModelArchive archive = TextRunFiles.ReadModel(run);
        TextPreprocessing preprocessing = RunPreprocessing(archive);
        Tokenizer tokenizer = CheckTokenizer(archive);
        var (texts, labels) = LoadReviews(dataPath, limit);
        using Tensor x = Inputs(tokenizer, texts, preprocessing);
        using Tensor y = Targets(labels);
        using nn.Module<Tensor, Tensor> module = LoadModel(run, archive, "evaluate", preprocessing.MaxLength, out TrainingSession session);
        using (session)
        {
            IReadOnlyDictionary<string, double> results;
            try
            {
                results = session.Evaluate(x, y);
            }
            catch (ArgumentException ex)
            {
                throw new CommandLineException(ModelCommandLine.ExitFailure, $"evaluation failed: {ex.Message}", ex);
            }

            _output.WriteLine($"{_model.Name} from {run.Directory} on {Count(texts.Length)} reviews of {Path.GetFullPath(dataPath)}:");
            _output.WriteLine(FormatLogs(results));
        }

        return ModelCommandLine.ExitSuccess;
    }

    public int Predict(string runDirectory, string[]? givenTexts, string? dataPath, int? limit)
    {
        RunFolder run = RunFolder.Open(runDirectory);
        ModelArchive archive = TextRunFiles.ReadModel(run);
        TextPreprocessing preprocessing = RunPreprocessing(archive);
        Tokenizer tokenizer = CheckTokenizer(archive);
        string[] texts = dataPath is not null
            ? LoadReviews(dataPath, limit).Texts
            : (givenTexts ?? Array.Empty<string>()).Take(limit ?? int.MaxValue).ToArray();
        using Tensor x = Inputs(tokenizer, texts, preprocessing);
        using nn.Module<Tensor, Tensor> module = LoadModel(run, archive, "predict", preprocessing.MaxLength, out TrainingSession session);
        float[] values;
        using (session)
        using (NewDisposeScope())
        {
            Tensor outputs = session.Predict(x);
            if (_model.TrainingOptions.FromLogits)
            {
                outputs = Binary ? outputs.sigmoid() : outputs.softmax(-1);
            }

            values = outputs.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        }

        int units = _model.OutputUnits;
        for (int row = 0; row < texts.Length; row++)
        {
            string text = Snippet(texts[row]);
            if (Binary)
            {
                float p = values[row];
                _output.WriteLine($"{p.ToString("0.0000", CultureInfo.InvariantCulture)}  {(p >= 0.5f ? "positive" : "negative")}  {text}");
            }
            else
            {
                ReadOnlySpan<float> probabilities = values.AsSpan(row * units, units);
                int best = 0;
                for (int k = 1; k < units; k++)
                {
                    if (probabilities[k] > probabilities[best])
                    {
                        best = k;
                    }
                }

                _output.WriteLine(
                    $"class {best.ToString(CultureInfo.InvariantCulture)}  {probabilities[best].ToString("0.0000", CultureInfo.InvariantCulture)}  {text}");
            }
        }

        return ModelCommandLine.ExitSuccess;
    }

    private void RequireLoss(string command)
    {
        if (_model.TrainingOptions.Loss is null)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'{command}' needs a loss, and {_model.Name} has none: set Loss on [Model], e.g. [Model(Loss = \"binary_crossentropy\")] "
                + $"(allowed: {string.Join(", ", LossFunction.Names)}).");
        }
    }

    /// <summary>
    /// The texts of a CSV file of reviews, of an R8 file (<c>.txt</c>, <c>topic&lt;TAB&gt;text</c> lines; the topics
    /// become class ids 0 to 7, see <see cref="ReutersR8"/>), or of an extracted aclImdb folder (all 50,000, in the
    /// row order of movie_data.csv).
    /// </summary>
    private static (string[] Texts, float[] Labels) LoadReviews(string path, int? limit)
    {
        (string[] Texts, float[] Labels) reviews;
        if (IsReutersR8(path))
        {
            var (texts, labels) = ReutersR8.Load(path);
            int count = Math.Min(texts.Length, limit ?? int.MaxValue);
            reviews = (texts[..count], labels[..count].Select(label => (float)label).ToArray());
        }
        else if (Directory.Exists(path))
        {
            var (texts, labels) = AclImdb.LoadAll(path, permutationSeed: 0);
            int count = Math.Min(texts.Length, limit ?? int.MaxValue);
            reviews = (texts[..count], labels[..count].Select(label => (float)label).ToArray());
        }
        else
        {
            reviews = MovieReviews.Load(path, limit);
        }

        if (reviews.Texts.Length == 0)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, $"{Path.GetFullPath(path)} holds no reviews (only the header).");
        }

        return reviews;
    }

    /// <summary>Whether <paramref name="path"/> is read as R8 (<c>topic&lt;TAB&gt;text</c> lines): a file whose name ends in <c>.txt</c>.</summary>
    internal static bool IsReutersR8(string path) => path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && File.Exists(path);

    /// <summary>
    /// The model's input for <paramref name="texts"/>: token ids <c>[N, L]</c> int64 (Keras's <c>texts_to_sequences</c>,
    /// then <c>pad_sequences</c> with the run's length, padding and truncating), or for a tf-idf model the <c>[N, W]</c> float32 rows of
    /// Keras's <c>texts_to_matrix(mode="tfidf")</c>.
    /// </summary>
    private Tensor Inputs(Tokenizer tokenizer, string[] texts, TextPreprocessing preprocessing) =>
        Inputs(tokenizer, tokenizer.TextsToSequences(texts), preprocessing);

    private Tensor Inputs(Tokenizer tokenizer, IReadOnlyList<int[]> sequences, TextPreprocessing preprocessing) => _tfidf
        ? tokenizer.SequencesToMatrix(sequences, MatrixMode.Tfidf).ToTensor()
        : Sequences.PadSequences(sequences, preprocessing.MaxLength, preprocessing.Padding, preprocessing.Truncating).ToTensor();

    /// <summary>The length and padding a run was trained with, from its model archive; it must be the model's fixed length, if it has one.</summary>
    private TextPreprocessing RunPreprocessing(ModelArchive archive)
    {
        TextPreprocessing preprocessing = archive.Preprocessing!;
        if (_fixedLength is { } fixedLength && preprocessing.MaxLength != fixedLength)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                $"{archive.Path} pads reviews to {Count(preprocessing.MaxLength)} ids, but {_model.Name} takes {Count(fixedLength)} (was it trained with another model?).");
        }

        return preprocessing;
    }

    /// <summary>
    /// Targets for the model's loss: float32 <c>[N, 1]</c> for one output unit; otherwise int64 class ids <c>[N]</c>
    /// for <c>sparse_categorical_crossentropy</c> and one-hot float32 <c>[N, units]</c> for the other losses.
    /// </summary>
    private Tensor Targets(float[] labels)
    {
        // A binary model takes labels 0 and 1; a softmax over K units, class ids 0 to K - 1 (R8's topics are 0 to 7).
        long classes = Binary ? 2 : _model.OutputUnits;
        long high = labels.Length == 0 ? 0 : (long)labels.Max();
        if (high >= classes)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                $"the data has class id {Count(high)}, but {_model.Name} tells {Count(classes)} classes apart (ids 0 to {Count(classes - 1)}"
                + $"{(Binary ? ", one sigmoid unit" : string.Empty)}): give it data with that many classes, or declare Dense({Count(high + 1)}, Activation = \"softmax\") last.");
        }

        if (Binary)
        {
            return torch.tensor(labels, new long[] { labels.Length, 1 }, ScalarType.Float32);
        }

        long[] ids = labels.Select(l => (long)l).ToArray();
        if (LossFunction.Canonical(_model.TrainingOptions.Loss!) == SparseCategoricalCrossentropyLoss.KerasName)
        {
            return torch.tensor(ids, new long[] { ids.Length }, ScalarType.Int64);
        }

        using var scope = NewDisposeScope();
        return nn.functional.one_hot(torch.tensor(ids, new long[] { ids.Length }, ScalarType.Int64), _model.OutputUnits)
            .to(ScalarType.Float32)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Runs one all-padding text through the model to check it gives one output row of <c>OutputUnits</c> per text.</summary>
    private void CheckOutput(nn.Module<Tensor, Tensor> module, string command, int length)
    {
        long[] shape;
        bool training = module.training;
        module.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            shape = module.call(zeros(new long[] { 1, length }, _tfidf ? ScalarType.Float32 : ScalarType.Int64)).shape;
        }
        finally
        {
            module.train(training);
        }

        if (shape.Length != 2 || shape[1] != _model.OutputUnits)
        {
            string described = shape.Length == 2
                ? $"{_model.Name} outputs [batch, {shape[1]}] but its description says OutputUnits = {_model.OutputUnits}"
                : $"{_model.Name} outputs [{string.Join(", ", shape.Select((d, i) => i == 0 ? "batch" : d.ToString(CultureInfo.InvariantCulture)))}]";
            throw new CommandLineException(
                ModelCommandLine.ExitUsage,
                $"'{command}' handles text-classification models, one output row [batch, units] per text; {described}.");
        }
    }

    private nn.Module<Tensor, Tensor> LoadModel(RunFolder run, ModelArchive archive, string command, int length, out TrainingSession session)
    {
        nn.Module<Tensor, Tensor> module = LoadModule(run, archive, command, length);
        try
        {
            session = new TrainingSession(module, _model.TrainingOptions);
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>The run's model with its archived weights, checked to output one row per text.</summary>
    private nn.Module<Tensor, Tensor> LoadModule(RunFolder run, ModelArchive archive, string command, int length)
    {
        nn.Module<Tensor, Tensor> module = _model.Create();
        if (run.Manifest.Mismatch(_model.Name, RunManifest.LayersOf(module)) is { } mismatch)
        {
            module.Dispose();
            throw new CommandLineException(
                ModelCommandLine.ExitFailure, $"{archive.Path} does not hold weights of {_model.Name} (was it trained with another model?): {mismatch}.");
        }

        try
        {
            archive.Restore(module); // disposes the module when it throws
        }
        catch (ArgumentException ex)
        {
            throw new CommandLineException(ModelCommandLine.ExitFailure, ex.Message, ex);
        }

        try
        {
            CheckOutput(module, command, length);
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>The archive's tokenizer, checked to give only ids the model's Embedding has rows for.</summary>
    private Tokenizer CheckTokenizer(ModelArchive archive)
    {
        Tokenizer tokenizer = archive.Tokenizer!;

        // Every id the tokenizer can produce must be a row of the Embedding.
        int highest = tokenizer.WordIndex.Count == 0 ? 0 : tokenizer.WordIndex.Values.Max();
        if (tokenizer.NumWords is > 0 and var numWords)
        {
            highest = Math.Min(highest, numWords - 1);
        }

        if (highest >= _vocabulary)
        {
            throw new CommandLineException(
                ModelCommandLine.ExitFailure,
                $"{archive.Path}: its tokenizer gives ids up to {Count(highest)} (num_words {(tokenizer.NumWords is { } n ? Count(n) : "not set")}), "
                + $"but {_model.Name}'s Embedding has {Count(_vocabulary)} rows (ids 0 to {Count(_vocabulary - 1)}).");
        }

        return tokenizer;
    }

    private static string FormatLogs(IReadOnlyDictionary<string, double> logs) =>
        string.Join(" - ", logs.Select(e => $"{e.Key}: {ProgressDisplay.FormatValue(e.Value)}"));

    private static string Snippet(string text)
    {
        const int Width = 72;
        string flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return "\"" + (flat.Length <= Width ? flat : string.Concat(flat.AsSpan(0, Width - 3), "...")) + "\"";
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
