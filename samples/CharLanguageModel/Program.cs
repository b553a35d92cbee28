using System;
using System.Globalization;
using System.IO;
using CharLanguageModel;
using ModelDsl;
using ModelDsl.Datasets.Corpora;
using static TorchSharp.torch;

// Trains the character LSTM on The Mysterious Island, then writes text from a seed at three temperatures.
//   dotnet run --project samples/CharLanguageModel -- [--data PATH] [--epochs N] [--limit WINDOWS] [--length N] [--seed N] [--stateful]
var options = SampleOptions.Parse(args);
if (options is null)
{
    return 2;
}

if (!File.Exists(options.Data))
{
    Console.Error.WriteLine($"error: no text at {options.Data}; pass --data with the path of 1268-0.txt (The Mysterious Island, Project Gutenberg)");
    return 1;
}

RandomSeed.Set(options.Seed);
var text = CharacterText.LoadMysteriousIsland(options.Data);
var vocabulary = CharVocabulary.FromText(text);
if (vocabulary.Count != CharLstm.Characters)
{
    Console.Error.WriteLine($"error: the text has {vocabulary.Count} distinct characters; CharLstm is declared for {CharLstm.Characters}");
    return 1;
}

const int SequenceLength = 40;
using var model = options.Stateful ? TrainStateful(text, vocabulary, options) : TrainStateless(text, vocabulary, options);

var sampler = new TextSampler(model, vocabulary, SequenceLength);
foreach (var temperature in new[] { 0.5, 1.0, 2.0 })
{
    var generator = new Generator((ulong)options.Seed);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- temperature {temperature:0.0} ---"));
    Console.WriteLine(sampler.Continue(options.Prompt, options.Length, temperature, generator));
}

return 0;

// Raschka's chunks: 41 characters each, not overlapping; the input is the first 40, the target the last 40.
static CharLstm TrainStateless(string text, CharVocabulary vocabulary, SampleOptions options)
{
    var windows = vocabulary.Windows(text, SequenceLength, step: SequenceLength + 1);
    using var allInputs = windows.ToInputTensor();
    using var allTargets = windows.ToTargetTensor();
    var count = Math.Min(windows.Count, options.Limit ?? int.MaxValue);
    using var x = allInputs.narrow(0, 0, count);
    using var y = allTargets.narrow(0, 0, count);
    Console.WriteLine($"{text.Length:N0} characters, {vocabulary.Count} distinct; training on {count:N0} sequences of {SequenceLength}");

    var model = new CharLstm();
    model.Summary();
    model.Fit(x, y, epochs: options.Epochs, batchSize: 64, seed: options.Seed);
    return model;
}

// Stateful: 64 streams of the book side by side, in order (no shuffling), the state reset at each epoch; the trained
// weights then go into the stateless CharLstm, which samples from a sliding window like the stateless run.
static CharLstm TrainStateful(string text, CharVocabulary vocabulary, SampleOptions options)
{
    var (x, y) = TextStreams.Arrange(vocabulary.Encode(text), StatefulCharLstm.Streams, SequenceLength, options.Limit);
    using (x)
    using (y)
    {
        Console.WriteLine($"{text.Length:N0} characters, {vocabulary.Count} distinct; training on {StatefulCharLstm.Streams} streams, {x.shape[0]:N0} chunks of {SequenceLength}, stateful");
        using var stateful = new StatefulCharLstm();
        stateful.Summary();
        stateful.Fit(x, y, epochs: options.Epochs, batchSize: StatefulCharLstm.Streams, shuffle: false, seed: options.Seed,
            callbacks: new[] { new ResetStatesEachEpoch(stateful.ResetStates) });
        var model = new CharLstm();
        model.load_state_dict(stateful.state_dict());
        return model;
    }
}