using System;
using ModelDsl.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>Keras <c>Dense(units, activation)</c> over the last axis: <c>[B, …, F] -> [B, …, units]</c>.</summary>
public sealed class Dense : nn.Module<Tensor, Tensor>, IWeightPenalty
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly long _inputSize;
    private readonly long _units;

    /// <summary>Builds the layer with TorchSharp's <c>Linear</c> initialization; <paramref name="activation"/> is a Keras name (<see cref="Activations"/>).</summary>
    public Dense(long inputSize, long units, string activation = Activations.Linear, bool useBias = true)
        : base(TorchRuntime.EnsureLoadedFor(nameof(Dense)))
    {
        if (inputSize <= 0 || units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"Dense({units}): input size {inputSize} and units {units} must be positive");
        }

        KerasActivation.Check(activation, $"Dense({units})", nameof(activation));

        _inputSize = inputSize;
        _units = units;
        Activation = activation;

        // As TorchSharp's Linear (and PyTorch's): U(±1/√inputSize) for both.
        (_weight, _bias) = TorchDefaultWeights.Register(this, new[] { units, inputSize }, useBias);
    }

    /// <summary>The kernel, <c>[units, inputSize]</c>.</summary>
    public Parameter weight => _weight;

    /// <summary>The bias, <c>[units]</c>, or <c>null</c> without one.</summary>
    public Parameter? bias => _bias;

    /// <summary>The Keras activation name.</summary>
    public string Activation { get; }

    /// <summary>Keras <c>kernel_regularizer</c>: a penalty on <see cref="weight"/> added to the training loss.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    Tensor? IWeightPenalty.Penalty() => WeightPenalties.Of(KernelRegularizer, _weight);

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Activate(Logits(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The layer's output before its activation, <c>x·Wᵀ + b</c> (what a loss with <c>FromLogits</c> reads).</summary>
    public Tensor Logits(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions < 1 || x.shape[^1] != _inputSize || !x.is_floating_point())
        {
            throw new ArgumentException(
                $"Dense({_units}): expects [..., {_inputSize}] {TensorText.TypeName(_weight.dtype)}, got {TensorText.Describe(x)}");
        }

        return nn.functional.linear(x, _weight, _bias);
    }

    /// <summary>Applies this layer's activation to <paramref name="logits"/> (the identity for <c>linear</c>).</summary>
    public Tensor Activate(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return KerasActivation.Apply(Activation, logits);
    }

    /// <summary>Writes the layer into an ONNX graph: <c>MatMul</c> by the transposed kernel, <c>Add</c> of the bias, the activation.</summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var y = graph.MatMul(x.Name, graph.Weight(name + "_kernel", _weight.t()));
        if (_bias is not null)
        {
            y = graph.Add(y, graph.Weight(name + "_bias", _bias));
        }

        return new Onnx.OnnxValue(KerasActivation.WriteOnnx(graph, Activation, y), x.Rank);
    }
}
