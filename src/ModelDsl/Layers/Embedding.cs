using System;
using System.Runtime.InteropServices;
using System.Globalization;
using ModelDsl.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras <c>Embedding(inputDim, outputDim)</c>: token ids <c>[B, T] int64</c> (or int32, Keras's <c>Input(dtype='int32')</c>) <c>-> [B, T, outputDim]</c>, with
/// Keras's <c>mask_zero</c> and <c>trainable</c>, and pretrained vectors loaded with a shape check.
/// </summary>
public sealed class Embedding : nn.Module<Tensor, Tensor>, IWeightPenalty
{
    private readonly Parameter _weight;

    /// <summary>Builds the table with TorchSharp's default initialization (standard normal).</summary>
    public Embedding(long inputDim, long outputDim, bool maskZero = false, bool trainable = true)
        : base(TorchRuntime.EnsureLoadedFor(nameof(Embedding)))
    {
        if (inputDim <= 0 || outputDim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputDim), $"Embedding({inputDim}, {outputDim}): both sizes must be positive");
        }

        InputDim = inputDim;
        OutputDim = outputDim;
        MaskZero = maskZero;
        _weight = new Parameter(randn(inputDim, outputDim), requires_grad: trainable);
        register_parameter("weight", _weight);
    }

    /// <summary>Vocabulary size (rows).</summary>
    public long InputDim { get; }

    /// <summary>Vector size (columns).</summary>
    public long OutputDim { get; }

    /// <summary>Whether id 0 is padding that recurrent layers skip (see <see cref="ComputeMask"/>).</summary>
    public bool MaskZero { get; }

    /// <summary>Whether training updates the table; <c>false</c> freezes it (counted as non-trainable in summaries).</summary>
    public bool Trainable
    {
        get => _weight.requires_grad;
        set => _weight.requires_grad = value;
    }

    /// <summary>The table, <c>[inputDim, outputDim]</c>.</summary>
    public Parameter weight => _weight;

    /// <summary>Keras <c>embeddings_regularizer</c>: a penalty on the table added to the training loss.</summary>
    public Regularizer? EmbeddingsRegularizer { get; init; }

    Tensor? IWeightPenalty.Penalty() => WeightPenalties.Of(EmbeddingsRegularizer, _weight);

    private string Name => $"Embedding({InputDim.ToString(CultureInfo.InvariantCulture)}, {OutputDim.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Looks up the vectors of <paramref name="ids"/>.</summary>
    public override Tensor forward(Tensor ids)
    {
        CheckType(ids);
        var shape = new long[ids.Dimensions + 1];
        Array.Copy(ids.shape, shape, ids.Dimensions);
        shape[^1] = OutputDim;
        try
        {
            using var scope = NewDisposeScope();
            return _weight.index_select(0, ids.reshape(-1)).reshape(shape).MoveToOuterDisposeScope();
        }
        catch (ExternalException)
        {
            // libtorch rejects an id outside the table with a bare "index out of range"; find it and say which.
            CheckRange(ids);
            throw;
        }
    }

    /// <summary>Keras <c>compute_mask</c>: <c>[B, T] bool</c>, true where the id is not 0; <c>null</c> unless <see cref="MaskZero"/>.</summary>
    public Tensor? ComputeMask(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return MaskZero ? ids.ne(0) : null;
    }

    /// <summary>Writes the lookup into an ONNX graph: <c>Gather</c> of the table's rows by the ids (int64 or int32).</summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ids);
        return new Onnx.OnnxValue(graph.Op("Gather", new[] { graph.Weight(name + "_embeddings", _weight), ids.Name }, ("axis", 0L)), ids.Rank + 1);
    }

    /// <summary>Writes <see cref="ComputeMask"/> into an ONNX graph: <c>[B, T] bool</c>, true where the id is not 0; <c>null</c> unless <see cref="MaskZero"/>.</summary>
    public Onnx.OnnxValue? WriteOnnxMask(Onnx.OnnxGraphBuilder graph, Onnx.OnnxValue ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ids);
        if (!MaskZero)
        {
            return null;
        }

        var asInt64 = graph.Cast(ids.Name, global::Onnx.TensorProto.Types.DataType.Int64);
        var padding = graph.Op("Equal", new[] { asInt64, graph.Int64s(new[] { 0L }, scalar: true) });
        return new Onnx.OnnxValue(graph.Op("Not", new[] { padding }), ids.Rank);
    }

    /// <summary>Copies pretrained vectors into the table; throws <see cref="ArgumentException"/> naming both shapes when <paramref name="matrix"/> is not <c>[inputDim, outputDim]</c>.</summary>
    public void LoadWeights(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Dimensions != 2 || matrix.shape[0] != InputDim || matrix.shape[1] != OutputDim)
        {
            throw new ArgumentException(
                $"{Name}: pretrained vectors must be [{InputDim}, {OutputDim}], got {TensorText.Shape(matrix)}", nameof(matrix));
        }

        using (no_grad())
        {
            _weight.copy_(matrix);
        }
    }

    private void CheckType(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.dtype is not (ScalarType.Int64 or ScalarType.Int32))
        {
            throw new ArgumentException($"{Name}: expects int64 or int32 token ids, got {TensorText.Describe(ids)}");
        }
    }

    /// <summary>Only after libtorch refused the ids: two reductions per batch would cost every training step.</summary>
    private void CheckRange(Tensor ids)
    {
        using var largest = ids.max().to(ScalarType.Int64);
        var max = largest.item<long>();
        if (max >= InputDim)
        {
            throw new ArgumentException(
                $"{Name}: token id {max} is outside the table (InputDim = {InputDim}, ids must be < {InputDim}); got ids {TensorText.Shape(ids)}");
        }

        using var smallest = ids.min().to(ScalarType.Int64);
        var min = smallest.item<long>();
        if (min < 0)
        {
            throw new ArgumentException($"{Name}: token id {min} is negative; ids must be in [0, {InputDim})");
        }
    }
}
