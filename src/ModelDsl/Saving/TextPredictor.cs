using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelDsl.Runtime;
using ModelDsl.Text;
using static TorchSharp.torch;

namespace ModelDsl.Saving;

/// <summary>
/// Texts in, probabilities out, for a text model read from a model archive: each text is tokenized with the archive's
/// tokenizer and padded or cut as in training, then the model runs in inference mode without gradients, a batch at a
/// time. Generated models make one with <c>TModel.LoadPredictor("model.mdsl")</c>.
/// </summary>
public sealed class TextPredictor : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly long? _fixedLength;

    /// <summary>Makes a predictor of <paramref name="model"/>, whose weights came from <paramref name="archive"/>; it owns the model (and disposes it when it throws here).</summary>
    /// <param name="model">The model, already restored from <paramref name="archive"/>.</param>
    /// <param name="archive">The archive: its tokenizer, preprocessing and compile options are used.</param>
    /// <param name="inputs">The model's input signatures: exactly one, of token ids <c>[batch, length] int64</c>.</param>
    /// <exception cref="InvalidOperationException">The archive holds no tokenizer.</exception>
    /// <exception cref="ArgumentException">The model does not take one input of token ids, or the archive's padding length is not the model's.</exception>
    public TextPredictor(nn.Module model, ModelArchive archive, IReadOnlyList<InputSignature> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(inputs);
        try
        {
            string name = model.GetType().Name;
            if (inputs.Count != 1 || inputs[0].ElementType != ScalarType.Int64 || inputs[0].Dimensions.Count != 2 || model is not nn.Module<Tensor, Tensor> single)
            {
                string takes = string.Join(", ", inputs.Select(i => $"{i.InputName} {i.Describe()}"));
                throw new ArgumentException(
                    $"A TextPredictor needs a model whose one input is a sequence of token ids ([batch, length] int64); {name} takes {takes}. "
                    + "Call its Predict with tensors instead.",
                    nameof(inputs));
            }

            Tokenizer = archive.Tokenizer ?? throw new InvalidOperationException(
                $"{archive.Path} holds no tokenizer, so texts cannot become {name}'s ids: save the model with its fitted tokenizer, "
                + "model.Save(path, tokenizer), or tokenize the texts yourself and call Predict.");
            long length = inputs[0].Dimensions[1];
            _fixedLength = length > 0 ? length : null;
            Preprocessing = archive.Preprocessing;
            if (_fixedLength is { } fixedLength && Preprocessing is { } given && given.MaxLength != fixedLength)
            {
                throw new ArgumentException(
                    $"{archive.Path} pads texts to {given.MaxLength} ids, but {name} takes {fixedLength}.", nameof(archive));
            }

            _model = single;
            _model.eval(); // a predictor only predicts; Predict also switches to eval for the call should the caller change it
            FromLogits = archive.TrainingOptions.FromLogits;
            Model = model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The model (owned by the predictor), in inference mode.</summary>
    public nn.Module Model { get; }

    /// <summary>The tokenizer the model was trained with.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>
    /// The ids per text and the padding; <see langword="null"/> when the archive has none and the model takes any length,
    /// in which case each batch is padded (<c>"pre"</c>) to its longest text, as Keras's <c>pad_sequences</c> without <c>maxlen</c>.
    /// </summary>
    public TextPreprocessing? Preprocessing { get; }

    /// <summary>Whether the model outputs logits (its compile options say <c>FromLogits</c>); they are turned into probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>
    /// The model's probabilities for each text, a row per text: one value (the probability of the positive class) for a
    /// sigmoid output, one per class for a softmax output.
    /// </summary>
    /// <param name="texts">The texts.</param>
    /// <param name="batchSize">Texts per forward pass.</param>
    /// <exception cref="InvalidOperationException">The model's output is not one row per text.</exception>
    public float[][] Predict(IReadOnlyList<string> texts, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = new float[texts.Count][];
        bool training = _model.training;
        _model.eval();
        try
        {
            for (int start = 0; start < texts.Count; start += batchSize)
            {
                int count = Math.Min(batchSize, texts.Count - start);
                var batch = new string[count];
                for (int i = 0; i < count; i++)
                {
                    batch[i] = texts[start + i] ?? throw new ArgumentException($"texts[{start + i}] is null.", nameof(texts));
                }

                float[] values = PredictBatch(batch, out int units);
                for (int row = 0; row < count; row++)
                {
                    rows[start + row] = values.AsSpan(row * units, units).ToArray();
                }
            }
        }
        finally
        {
            _model.train(training);
        }

        return rows;
    }

    /// <summary>The probability of the positive class for each text, for a model with one sigmoid output unit.</summary>
    /// <exception cref="InvalidOperationException">The model outputs more than one unit per text (use <see cref="Predict"/>).</exception>
    public float[] PredictPositive(IReadOnlyList<string> texts, int batchSize = 32)
    {
        float[][] rows = Predict(texts, batchSize);
        if (rows.FirstOrDefault(r => r.Length != 1) is { } wide)
        {
            throw new InvalidOperationException(
                $"{Model.GetType().Name} outputs {wide.Length.ToString(CultureInfo.InvariantCulture)} values per text, not one probability: use Predict for a row per text.");
        }

        return rows.Select(r => r[0]).ToArray();
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();

    /// <summary>The ids of <paramref name="texts"/> as the model was trained on them: <c>[texts, length]</c> int64.</summary>
    public PaddedSequences Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (Preprocessing is { } preprocessing)
        {
            return preprocessing.Apply(Tokenizer, texts);
        }

        List<int[]> sequences = Tokenizer.TextsToSequences(texts);
        int? length = _fixedLength is { } fixedLength ? (int)fixedLength : Math.Max(1, sequences.Count == 0 ? 1 : sequences.Max(s => s.Length));
        return Sequences.PadSequences(sequences, length);
    }

    private float[] PredictBatch(string[] texts, out int units)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor output = _model.call(Encode(texts).ToTensor());
        if (output.dim() != 2 || output.shape[0] != texts.Length)
        {
            throw new InvalidOperationException(
                $"{Model.GetType().Name} outputs [{string.Join(", ", output.shape)}] for {texts.Length} texts; a TextPredictor needs one row per text, [texts, units].");
        }

        units = (int)output.shape[1];
        if (FromLogits)
        {
            output = units == 1 ? output.sigmoid() : output.softmax(-1);
        }

        return output.to(ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
