using System;
using System.Collections.Generic;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Generation;
using static TorchSharp.torch;

namespace CharLanguageModel;

/// <summary>Writes text with a trained <see cref="CharLstm"/>: the model scores the next character of the text so far, one is drawn, and so on.</summary>
internal sealed class TextSampler(CharLstm model, CharVocabulary vocabulary, int context)
{
    /// <summary><paramref name="seed"/> followed by <paramref name="length"/> drawn characters.</summary>
    /// <param name="temperature">Below 1 keeps to likely characters; above 1 takes more chances.</param>
    /// <param name="generator">The seeded random source, so a run repeats.</param>
    public string Continue(string seed, int length, double temperature, Generator generator)
    {
        var ids = new List<long>(Array.ConvertAll(vocabulary.Encode(seed), id => (long)id));
        model.eval();
        using (no_grad())
        {
            for (var i = 0; i < length; i++)
            {
                using var scope = NewDisposeScope();
                // The last `context` characters, as in training; the model has no state between calls.
                var start = Math.Max(0, ids.Count - context);
                var window = tensor(ids.GetRange(start, ids.Count - start).ToArray(), dtype: ScalarType.Int64).unsqueeze(0);
                var lastStep = model.call(window)[0, -1];
                ids.Add(Sampling.CategoricalFromLogits(lastStep, temperature, generator).item<long>());
            }
        }

        return vocabulary.Decode(ids.ToArray());
    }
}
