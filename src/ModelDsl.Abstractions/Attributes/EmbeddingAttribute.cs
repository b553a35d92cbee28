using System;

namespace ModelDsl;

/// <summary>
/// Keras <c>Embedding(input_dim, output_dim)</c>: maps token ids in <c>[0, inputDim)</c> to vectors of
/// <paramref name="outputDim"/> floats. <c>[B, T] int64 -> [B, T, outputDim]</c>.
/// </summary>
/// <param name="inputDim">Vocabulary size: one more than the largest token id.</param>
/// <param name="outputDim">Length of each embedding vector.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute(int inputDim, int outputDim) : LayerAttribute
{
    /// <summary>Vocabulary size.</summary>
    public int InputDim { get; } = inputDim;

    /// <summary>Embedding vector length.</summary>
    public int OutputDim { get; } = outputDim;

    /// <summary>
    /// Keras <c>mask_zero</c>: id 0 is padding, and recurrent layers reading this embedding skip padded
    /// positions (their state is not updated there). Index 0 is then reserved, so the vocabulary needs
    /// <c>inputDim</c> = number of words + 1.
    /// </summary>
    public bool MaskZero { get; set; }

    /// <summary>Whether training updates the vectors (default <c>true</c>); <c>false</c> freezes them, e.g. for pretrained GloVe vectors.</summary>
    public bool Trainable { get; set; } = true;

    /// <summary>
    /// Keras <c>embeddings_regularizer</c>: a penalty on the embedding vectors added to the training loss, written as Keras writes it:
    /// <c>"l2(1e-4)"</c>, <c>"l1(0.01)"</c> or <c>"l1_l2(l1=0.01, l2=0.01)"</c>; checked at compile time (MDSL0026).
    /// </summary>
    public string? EmbeddingsRegularizer { get; set; }
}
