using System;
using ModelDsl.Training;
using static TorchSharp.torch;

namespace CharLanguageModel;

/// <summary>
/// The text cut for a stateful model: <c>streams</c> equal stretches of it side by side, each read in chunks of
/// <c>length</c> characters, so that row r of batch b + 1 is the chunk that follows row r of batch b.
/// </summary>
internal static class TextStreams
{
    /// <summary>Inputs and next-character targets <c>[chunks · streams, length]</c>, batch-major, at most <paramref name="limit"/> rows.</summary>
    public static (Tensor X, Tensor Y) Arrange(int[] ids, int streams, int length, int? limit)
    {
        var perStream = (ids.Length - 1) / streams;
        var chunks = perStream / length;
        if (limit is { } rows)
        {
            chunks = Math.Min(chunks, Math.Max(1, rows / streams));
        }

        var x = new long[chunks * streams * length];
        var y = new long[x.Length];
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            for (var stream = 0; stream < streams; stream++)
            {
                var start = (stream * perStream) + (chunk * length);
                var row = ((chunk * streams) + stream) * length;
                for (var t = 0; t < length; t++)
                {
                    x[row + t] = ids[start + t];
                    y[row + t] = ids[start + t + 1];
                }
            }
        }

        var shape = new long[] { chunks * streams, length };
        return (tensor(x, shape), tensor(y, shape));
    }
}

/// <summary>Keras's usual companion of a stateful model: its state starts from zeros at every epoch.</summary>
internal sealed class ResetStatesEachEpoch(Action reset) : Callback
{
    public override void OnEpochBegin(TrainingContext context, int epoch) => reset();
}
