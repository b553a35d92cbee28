using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras <c>Embedding(inputDim, outputDim)</c>: token ids <c>[B, T] int64 -> [B, T, outputDim]</c>, with
/// Keras's <c>mask_zero</c> and <c>trainable</c>, and pretrained vectors loaded with a shape check.
/// </summary>
public sealed class Embedding : nn.Module<Tensor, Tensor>
{
    /// <summary>Builds the table with TorchSharp's default initialization (standard normal).</summary>
    public Embedding(long inputDim, long outputDim, bool maskZero = false, bool trainable = true)
        : base(nameof(Embedding)) => throw new NotImplementedException();

    /// <summary>Vocabulary size (rows).</summary>
    public long InputDim { get; }

    /// <summary>Vector size (columns).</summary>
    public long OutputDim { get; }

    /// <summary>Whether id 0 is padding that recurrent layers skip (see <see cref="ComputeMask"/>).</summary>
    public bool MaskZero { get; }

    /// <summary>Whether training updates the table; <c>false</c> freezes it (counted as non-trainable in summaries).</summary>
    public bool Trainable { get; set; }

    /// <summary>The table, <c>[inputDim, outputDim]</c>.</summary>
    public Parameter weight => throw new NotImplementedException();

    /// <summary>Looks up the vectors of <paramref name="ids"/>.</summary>
    public override Tensor forward(Tensor ids) => throw new NotImplementedException();

    /// <summary>Keras <c>compute_mask</c>: <c>[B, T] bool</c>, true where the id is not 0; <c>null</c> unless <see cref="MaskZero"/>.</summary>
    public Tensor? ComputeMask(Tensor ids) => throw new NotImplementedException();

    /// <summary>Copies pretrained vectors into the table; throws <see cref="ArgumentException"/> naming both shapes when <paramref name="matrix"/> is not <c>[inputDim, outputDim]</c>.</summary>
    public void LoadWeights(Tensor matrix) => throw new NotImplementedException();
}
