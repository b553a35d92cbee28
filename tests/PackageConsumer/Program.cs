using System.Runtime.InteropServices;
using ModelDsl;
using ModelDsl.Text;
using ModelDsl.Training;
using TorchSharp;

// Proves the package alone is enough: the generator (analyzers/) wrote Summary and Fit, the runtime (lib/) trains,
// and on Debian 12 libtorch loads because buildTransitive/ModelDsl.Runtime.targets (from ModelDsl.Runtime) patched this output folder.
#if !MODELDSL_RUNTIME_ONLY
// With the ModelDsl package the model is also a command-line program (ModelDsl.Cli): `PackageConsumer summary`.
if (args.Length > 0)
{
    return await ConsumerClassifier.RunAsync(args);
}
#endif

Console.WriteLine($"Running on {RuntimeInformation.FrameworkDescription}");
RandomSeed.Set(42);
using var model = new ConsumerClassifier();
model.Summary();

var x = torch.randint(0, 500, new long[] { 64, 12 }, dtype: torch.int64);
var y = torch.randint(0, 2, new long[] { 64, 1 }).to(torch.float32);
History history = model.Fit(x, y, epochs: 2, batchSize: 16, validationSplit: 0.25, verbose: 0);

foreach (string key in history.Keys)
{
    Console.WriteLine($"{key}: {string.Join(", ", history[key].Select(v => v.ToString("F4")))}");
}

// Keras names the history keys after what was asked for: Metrics = { "acc" } gives "acc" and "val_acc".
if (!history.Keys.Contains("acc") || !history.Keys.Contains("val_acc") || history["loss"].Any(double.IsNaN))
{
    Console.Error.WriteLine("expected finite loss and the history keys acc and val_acc");
    return 1;
}

// The tokenizer keeps Keras's dict order; on net8.0 that order comes from ModelDsl's own OrderedDictionary (the
// framework's arrived in .NET 9), so both frameworks must print the same, through a JSON round trip too.
var tokenizer = new Tokenizer();
tokenizer.FitOnTexts(new[] { "the cat sat", "the dog sat down" });
var restored = Tokenizer.FromJson(tokenizer.ToJson());
string wordIndex = string.Join(", ", restored.WordIndex.Select(e => $"{e.Key}: {e.Value}"));
string indexDocs = string.Join(", ", restored.IndexDocs.Select(e => $"{e.Key}: {e.Value}"));
Console.WriteLine($"word_index {{{wordIndex}}}, index_docs {{{indexDocs}}}");
if (wordIndex != "the: 1, sat: 2, cat: 3, dog: 4, down: 5" || indexDocs != "1: 2, 3: 1, 2: 2, 4: 1, 5: 1")
{
    Console.Error.WriteLine("the tokenizer's order differs from Keras's");
    return 1;
}

// The one-file model archive through the package: Load gives back the same predictions, LoadPredictor takes texts.
string archive = Path.Combine(Path.GetTempPath(), $"package-consumer-{Guid.NewGuid():N}.mdsl");
try
{
    model.Save(archive, restored);
    using var loaded = ConsumerClassifier.Load(archive);
    using var expected = model.Predict(x);
    using var actual = loaded.Predict(x);
    using var predictor = ConsumerClassifier.LoadPredictor(archive);
    float positive = predictor.PredictPositive(new[] { "the cat sat" })[0];
    Console.WriteLine($"model archive: {new FileInfo(archive).Length} bytes, P(positive | \"the cat sat\") = {positive:F4}");
    if (!expected.data<float>().ToArray().SequenceEqual(actual.data<float>().ToArray()) || positive is not (>= 0f and <= 1f))
    {
        Console.Error.WriteLine("the model loaded from its archive predicts differently");
        return 1;
    }
}
finally
{
    File.Delete(archive);
}

Console.WriteLine("package consumer OK");
return 0;

/// <summary>Keras's spellings on purpose: "RMSprop", "BinaryCrossentropy" and "acc" as a Keras user writes them.</summary>
[Model(Loss = "BinaryCrossentropy", Optimizer = "RMSprop", Metrics = new[] { "acc" })]
[Input(12)]
[Embedding(500, 16)]
[LSTM(8)]
[Dense(1, Activation = "sigmoid")]
public partial class ConsumerClassifier;
