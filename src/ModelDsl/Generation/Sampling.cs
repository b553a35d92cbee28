using System;
using ModelDsl.Layers;
using static TorchSharp.torch;

namespace ModelDsl.Generation;

/// <summary>
/// Draws the next token of a sequence model's output, Keras's text-generation recipe: the distribution is reshaped by a
/// temperature — <c>log(p) / temperature</c>, renormalised — then one id is drawn from it. Below 1 the draw keeps to the
/// likeliest tokens (towards always the most likely), above 1 it spreads out (towards uniform). With a seeded
/// <see cref="Generator"/> the draws repeat exactly.
/// </summary>
public static class Sampling
{
    /// <summary>One id per row of <paramref name="probabilities"/> <c>[…, vocabulary]</c> (a softmax output), as <c>int64 […]</c>.</summary>
    /// <param name="probabilities">Non-negative weights over the last axis; they need not sum to 1.</param>
    /// <param name="temperature">Positive: 1 draws from the distribution as it is.</param>
    /// <param name="generator">The random source (torch's global generator when omitted).</param>
    public static Tensor Categorical(Tensor probabilities, double temperature = 1.0, Generator? generator = null)
    {
        Check(probabilities, temperature, nameof(probabilities));
        using var scope = NewDisposeScope();
        var logits = probabilities.to_type(ScalarType.Float64).clamp_min(double.Epsilon).log();
        return Draw(logits, temperature, generator).MoveToOuterDisposeScope();
    }

    /// <summary>One id per row of <paramref name="logits"/> <c>[…, vocabulary]</c> (a layer's output before its softmax), as <c>int64 […]</c>.</summary>
    /// <param name="logits">Unnormalised log-probabilities over the last axis.</param>
    /// <param name="temperature">Positive: 1 draws from <c>softmax(logits)</c> as it is.</param>
    /// <param name="generator">The random source (torch's global generator when omitted).</param>
    public static Tensor CategoricalFromLogits(Tensor logits, double temperature = 1.0, Generator? generator = null)
    {
        Check(logits, temperature, nameof(logits));
        using var scope = NewDisposeScope();
        return Draw(logits.to_type(ScalarType.Float64), temperature, generator).MoveToOuterDisposeScope();
    }

    private static Tensor Draw(Tensor logits, double temperature, Generator? generator)
    {
        var shape = logits.shape;
        var rows = logits.div(temperature).softmax(-1).reshape(-1, shape[^1]);
        var ids = multinomial(rows, 1, replacement: true, generator: generator);
        return ids.reshape(shape[..^1]);
    }

    private static void Check(Tensor values, double temperature, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        if (values.Dimensions < 1 || values.shape[^1] < 1 || !values.is_floating_point())
        {
            throw new ArgumentException($"Sampling: expects [..., vocabulary] floating point, got {TensorText.Describe(values)}", parameter);
        }

        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Sampling: the temperature must be a positive finite number (1 keeps the distribution as it is)");
        }
    }
}
