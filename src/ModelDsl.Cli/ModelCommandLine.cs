using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelDsl.Datasets.Keras;
using ModelDsl.Runtime;
using TorchSharp;
using static ModelDsl.Cli.CommandLineOptions;

namespace ModelDsl.Cli;

/// <summary>
/// The command line every generated model gets through its <c>RunAsync(args)</c>, so that a sample's
/// <c>Program.cs</c> is one line: <c>train</c>, <c>evaluate</c>, <c>predict</c> and <c>summary</c>, parsed with
/// System.CommandLine (<c>--help</c> on the program and on every command lists the options and defaults).
/// </summary>
/// <remarks>
/// <para><c>train</c>, <c>evaluate</c> and <c>predict</c> handle text-classification models: token ids of a fixed length
/// in (<c>[batch, L] int64</c>, with an <c>Embedding</c> of a known vocabulary), one label per text out. The data is a
/// labelled CSV in the layout of Raschka's <c>movie_data.csv</c> (header <c>review,sentiment</c>; <c>.csv</c> or
/// <c>.csv.gz</c>, read with <see cref="Datasets.MovieReviews.Load"/>); <c>train</c> without <c>--data</c> downloads Stanford's
/// <c>aclImdb_v1.tar.gz</c> once into the dataset cache and reads the same 50,000 reviews from it (<c>AclImdbDownload</c>). Texts become ids as in Keras: a
/// <see cref="Text.Tokenizer"/> with <c>num_words</c> = the vocabulary size, fitted on the training part only, then
/// <see cref="Text.Sequences.PadSequences"/> to length L (padding and truncating at the start).</para>
/// <para><c>train</c> writes into its run folder (<c>--out</c>, by default <c>./runs/&lt;Name&gt;</c>):
/// <c>model.mdsl</c> (the model archive of <see cref="Saving.ModelArchive"/>: the final weights with the fitted tokenizer,
/// the padding length and the compile options), <c>best.ckpt</c> (the best epoch by validation loss, with the optimizer
/// state), <c>history.csv</c>, <c>history.json</c> and <c>curves.png</c>, staged and then committed by <c>manifest.json</c>
/// (each file's SHA-256 and the model's layer signature; <see cref="RunFolderWriter"/>). <c>evaluate</c> and
/// <c>predict</c> read <c>model.mdsl</c> back from that folder (<c>--model</c>), only when its bytes match the manifest (<see cref="RunFolder"/>); docs/run-folders.md describes the format.</para>
/// <para>Exit codes: <see cref="ExitSuccess"/>; <see cref="ExitUsage"/> for bad arguments and for a model the command
/// cannot handle; <see cref="ExitFailure"/> for bad data, a missing or unreadable run folder and other expected
/// failures, each reported as one line on the error writer without a stack trace. Ctrl+C during <c>train</c> stops
/// after the current step, still writes the run folder, and exits with 130.</para>
/// </remarks>
public static class ModelCommandLine
{
    /// <summary>The exit code of a command that succeeded.</summary>
    public const int ExitSuccess = 0;

    /// <summary>The exit code of a command that failed: bad data, a missing run folder, a failed write, a native libtorch that cannot be loaded.</summary>
    public const int ExitFailure = 1;

    /// <summary>The exit code for bad arguments, and for a model the command cannot handle.</summary>
    public const int ExitUsage = 2;

    /// <summary>The exit code of a training run interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int ExitInterrupted = 130;

    /// <summary>The environment variable that, set to 1, adds the stack trace to the message of an unexpected failure.</summary>
    private const string TraceVariable = "MODELDSL_TRACE";

    /// <summary>How long an interrupted <c>train</c> may take to stop after its current step and write its files.</summary>
    private static readonly TimeSpan TrainTerminationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Parses <paramref name="args"/> and runs the command they name on <paramref name="model"/>.</summary>
    /// <param name="args">The program's arguments, e.g. <c>train --data movie_data.csv.gz --epochs 3</c>.</param>
    /// <param name="model">The model class the commands work on.</param>
    /// <param name="output">Where results, progress and help go; the console when omitted (progress is then a
    /// Keras-style bar on a terminal and one line per epoch when redirected).</param>
    /// <param name="error">Where error messages go; the console's error stream when omitted.</param>
    /// <returns>The process exit code: <see cref="ExitSuccess"/>, <see cref="ExitFailure"/>, <see cref="ExitUsage"/> or <see cref="ExitInterrupted"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is inconsistent (for example <c>OutputUnits</c> below 1).</exception>
    public static async Task<int> RunAsync(string[] args, ModelDescription model, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        CheckDescription(model);
        var commands = new Commands(model, output ?? Console.Out, error ?? Console.Error, consoleOutput: output is null);
        RootCommand root = commands.Root;
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            commands.ReportParseErrors(parse);
            return ExitUsage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = commands.Output,
            Error = commands.Error,
            EnableDefaultExceptionHandler = false,
            // Only training listens for Ctrl+C (it stops after the current step and saves); elsewhere it ends the process.
            ProcessTerminationTimeout = parse.CommandResult.Command == commands.Train ? TrainTerminationTimeout : null,
        };
        return await parse.InvokeAsync(configuration, CancellationToken.None).ConfigureAwait(false);
    }

    private static void CheckDescription(ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(model.Name, nameof(model));
        ArgumentNullException.ThrowIfNull(model.Create, nameof(model));
        ArgumentNullException.ThrowIfNull(model.Input, nameof(model));
        ArgumentNullException.ThrowIfNull(model.TrainingOptions, nameof(model));
        if (model.OutputUnits < 1)
        {
            throw new ArgumentException($"{model.Name}: OutputUnits must be 1 or more, got {model.OutputUnits}.", nameof(model));
        }

        if (model.VocabularySize < 1)
        {
            throw new ArgumentException($"{model.Name}: VocabularySize must be null or 1 or more, got {model.VocabularySize}.", nameof(model));
        }
    }

    /// <summary>The command tree for one model and the writers it reports to.</summary>
    private sealed class Commands
    {
        private readonly ModelDescription _model;
        private readonly bool _consoleOutput;

        private readonly Option<string?> _trainData = DataOption(
            required: false,
            " Default: the Stanford aclImdb_v1.tar.gz (50,000 reviews, in the order of movie_data.csv), downloaded once into "
                + $"${KerasDatasetCache.CacheVariable} or ~/.modeldsl/datasets and reused.");
        private readonly Option<int> _epochs = PositiveOption("--epochs", 3, "Epochs to train.", "N");
        private readonly Option<int> _batchSize = PositiveOption("--batch-size", 32, "Examples per training step.", "N");
        private readonly Option<long> _seed = new("--seed")
        {
            Description = "Seed for the initial weights, the shuffle order and dropout: the same seed on the same machine gives the same losses.",
            DefaultValueFactory = _ => 42,
            HelpName = "N",
            CustomParser = result => ParseToken(result, "--seed", "a whole number", (string text, out long value) =>
                long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)),
        };

        private readonly Option<string> _out;
        private readonly Option<double> _validationSplit = FractionOption(
            "--validation-split",
            0.2,
            "Fraction in [0, 1) of the reviews, taken from the end of the file (before the test reviews, if any), held out to validate on after every epoch "
                + "(the tokenizer is fitted on the rest only). With 0 there is no validation: the checkpoint and early stopping watch the training loss.");

        private readonly Option<int?> _trainLimit = LimitOption();
        private readonly Option<int?> _maxLength = OptionalPositiveOption(
            "--max-length",
            "a whole number, 1 or more",
            "Token ids per review for a model whose input length is not fixed ([Input(Dimension.Unknown)]): longer reviews keep their "
                + "last N ids, shorter ones are padded with 0 at the front (Keras's pad_sequences). Default: the longest training review.");

        private readonly Option<double> _testSplit = FractionOption(
            "--test-split",
            0,
            "Fraction in [0, 1) of the reviews, taken from the end of the file before anything else, held out as a test set: "
                + "never seen by the tokenizer or training, evaluated once after training and written to test.json. Default 0 (no test set).");

        private readonly Option<string?> _testData = TestDataOption();

        private readonly Option<int?> _patience = new("--patience")
        {
            Description = "Stop when the validation loss has not improved for this many epochs, and restore the best epoch's weights (Keras's EarlyStopping). Off by default.",
            HelpName = "epochs",
            CustomParser = result => ParseToken<int?>(result, "--patience", "a whole number of epochs, 0 or more", (string text, out int? value) =>
            {
                bool ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int patience);
                value = patience;
                return ok;
            }),
        };

        private readonly Option<string?> _evaluateData = DataOption(required: true);
        private readonly Option<string> _evaluateModel;
        private readonly Option<int?> _evaluateLimit = LimitOption();

        private readonly Option<string> _predictModel;
        private readonly Option<string[]> _texts = new("--text")
        {
            Description = "A text to classify; repeat the option or give several texts after it.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "text",
        };

        private readonly Option<string?> _predictData = DataOption(required: false);
        private readonly Option<int?> _predictLimit = LimitOption();

        private readonly Option<string> _exportModel;
        private readonly Option<string?> _exportOut = new("--out")
        {
            Description = "The .onnx file to write. Default: model.onnx in the run folder.",
            HelpName = "file",
        };

        public Commands(ModelDescription model, TextWriter output, TextWriter error, bool consoleOutput)
        {
            _model = model;
            _consoleOutput = consoleOutput;
            Output = output;
            Error = error;
            string defaultRun = Path.Combine(".", "runs", model.Name);
            _out = new Option<string>("--out")
            {
                Description = "The run folder to write the weights, tokenizer, history and curves into.",
                DefaultValueFactory = _ => defaultRun,
                HelpName = "dir",
            };
            _out.Validators.Add(result => ValidateFolder(result, "--out"));
            _evaluateModel = ModelOption(defaultRun);
            _predictModel = ModelOption(defaultRun);
            _exportModel = ModelOption(defaultRun);
            Train = new Command("train", $"Train {model.Name} on labelled texts and save the run (model.mdsl, best.ckpt, history.csv, history.json, curves.png).")
            {
                _trainData, _epochs, _batchSize, _seed, _out, _validationSplit, _trainLimit, _patience, _maxLength, _testSplit, _testData,
            };
            Train.SetAction((parse, cancellation) => RunAsync("train", () => new TextClassification(_model, Output, _consoleOutput, "train").Train(
                new TrainArguments(
                    parse.GetValue(_trainData),
                    parse.GetValue(_epochs),
                    parse.GetValue(_batchSize),
                    parse.GetValue(_seed),
                    parse.GetRequiredValue(_out),
                    parse.GetValue(_validationSplit),
                    parse.GetValue(_trainLimit),
                    parse.GetValue(_patience),
                    parse.GetValue(_maxLength),
                    parse.GetValue(_testSplit),
                    parse.GetValue(_testData)),
                cancellation)));

            var evaluate = new Command("evaluate", $"Print the loss and metrics of a trained {model.Name} on labelled texts.")
            {
                _evaluateData, _evaluateModel, _evaluateLimit,
            };
            evaluate.SetAction((parse, _) => RunAsync("evaluate", () => new TextClassification(_model, Output, _consoleOutput, "evaluate").Evaluate(
                parse.GetRequiredValue(_evaluateData)!, parse.GetRequiredValue(_evaluateModel), parse.GetValue(_evaluateLimit))));

            var predict = new Command("predict", $"Print what a trained {model.Name} outputs for each text (the probability of the positive class for a binary model).")
            {
                _predictModel, _texts, _predictData, _predictLimit,
            };
            predict.Validators.Add(result =>
            {
                bool hasTexts = result.GetResult(_texts) is not null;
                bool hasData = result.GetResult(_predictData) is not null;
                if (hasTexts == hasData)
                {
                    result.AddError(hasTexts
                        ? "Give either --text or --data, not both."
                        : "Give the texts to classify with --text \"a review\" (one or more), or a CSV file with --data.");
                }
            });
            predict.SetAction((parse, _) => RunAsync("predict", () => new TextClassification(_model, Output, _consoleOutput, "predict").Predict(
                parse.GetRequiredValue(_predictModel), parse.GetValue(_texts), parse.GetValue(_predictData), parse.GetValue(_predictLimit))));

            var exportOnnx = new Command(
                "export-onnx",
                $"Write a trained {model.Name} as an ONNX file for ONNX Runtime, with its tokenizer and padding in the file's metadata.")
            {
                _exportModel, _exportOut,
            };
            exportOnnx.SetAction((parse, _) => RunAsync("export-onnx", () => new TextClassification(_model, Output, _consoleOutput, "export-onnx").ExportOnnx(
                parse.GetRequiredValue(_exportModel), parse.GetValue(_exportOut))));

            var summary = new Command("summary", $"Print the Keras-style summary of {model.Name}: layers, output shapes, parameter counts.");
            summary.SetAction((_, _) => RunAsync("summary", Summary));

            Root = new RootCommand($"{model.Name}: train, evaluate and use the model from the command line.")
            {
                Train, evaluate, predict, exportOnnx, summary,
            };
        }

        public RootCommand Root { get; }

        public Command Train { get; }

        public TextWriter Output { get; }

        public TextWriter Error { get; }

        /// <summary>The parse errors on one line, after the command they concern, and where to find its options.</summary>
        public void ReportParseErrors(ParseResult parse)
        {
            string path = string.Join(' ', CommandPath(parse.CommandResult));
            IEnumerable<string> messages = parse.Errors
                .Select(e => e.Message.Trim())
                .Distinct(StringComparer.Ordinal)
                .Select(m => m.EndsWith('.') ? m : m + ".");
            Error.WriteLine($"{path}: {string.Join(' ', messages)} (see '{path} --help')");
        }

        private static IEnumerable<string> CommandPath(CommandResult command)
        {
            var names = new Stack<string>();
            for (SymbolResult? result = command; result is not null; result = result.Parent)
            {
                if (result is CommandResult { Command: var c })
                {
                    names.Push(c.Name);
                }
            }

            return names;
        }

        /// <summary>
        /// Runs a command's work off the invoking thread (so that Ctrl+C reaches the cancellation token while it runs),
        /// turning expected failures into one line on <see cref="Error"/> and an exit code.
        /// </summary>
        private async Task<int> RunAsync(string command, Func<int> work)
        {
            await Task.Yield();
            try
            {
                // Every command needs libtorch: say so before reading data or creating the run folder, not after.
                TorchRuntime.EnsureLoaded();
                return work();
            }
            catch (CommandLineException ex)
            {
                Error.WriteLine($"{Root.Name} {command}: {ex.Message}");
                return ex.ExitCode;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or TorchNativeLoadException)
            {
                // IOException covers FileNotFoundException and DirectoryNotFoundException; their messages name the path.
                Error.WriteLine($"{Root.Name} {command}: {OneLine(ex.Message)}");
                return ExitFailure;
            }
            catch (OutOfMemoryException)
            {
                Error.WriteLine($"{Root.Name} {command}: ran out of memory (try a smaller --limit or --batch-size).");
                return ExitFailure;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not an expected failure, but still one line rather than a stack trace; the trace is there on request.
                Error.WriteLine($"{Root.Name} {command}: failed: {OneLine(ex.Message)}"
                    + (Environment.GetEnvironmentVariable(TraceVariable) == "1" ? Environment.NewLine + ex : $" (set {TraceVariable}=1 for details)"));
                return ExitFailure;
            }
        }

        private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

        private int Summary()
        {
            using torch.nn.Module<torch.Tensor, torch.Tensor> module = _model.Create();
            if (module is ISummarizable summarizable)
            {
                summarizable.Summary(Output);
            }
            else
            {
                // A hand-written module: one row per direct submodule, with its real parameter count.
                var rows = module.named_children()
                    .Select(child => new SummaryRow(child.name, child.module.GetType().Name, "?", child.module))
                    .ToList();
                new ModelSummary(_model.Name, rows).WriteTo(Output);
            }

            return ExitSuccess;
        }
    }
}
