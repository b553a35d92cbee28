using System;
using System.Collections.Generic;
using ModelDsl.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras <c>Conv1D(filters, kernel_size, strides, padding, dilation_rate, activation)</c> over channels-last sequences:
/// <c>[B, T, C] -> [B, T', filters]</c>, where T' is <c>T - (kernel_size - 1)·dilation</c> for <c>valid</c> and T for
/// <c>same</c>/<c>causal</c>, then divided by the stride rounding up.
/// </summary>
public sealed class Conv1D : nn.Module<Tensor, Tensor>, IWeightPenalty
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly KerasWindow _window;

    /// <summary>Builds the layer with PyTorch's <c>Conv1d</c> initialization (the generated model applies Keras's when asked).</summary>
    /// <param name="inputChannels">C, the size of the input's last axis.</param>
    /// <param name="filters">The number of output channels.</param>
    /// <param name="kernelSize">The window length.</param>
    /// <param name="activation">A Keras activation name (<see cref="Activations"/>).</param>
    /// <param name="padding"><c>"valid"</c> (Keras's default), <c>"same"</c> or <c>"causal"</c>.</param>
    /// <param name="strides">The step between windows.</param>
    /// <param name="dilationRate">The spacing between the kernel's taps.</param>
    /// <param name="useBias">Whether the layer adds a bias per filter.</param>
    public Conv1D(long inputChannels, long filters, long kernelSize, string activation = Activations.Linear, string padding = Paddings.Valid,
        long strides = 1, long dilationRate = 1, bool useBias = true)
        : base(TorchRuntime.EnsureLoadedFor(nameof(Conv1D)))
    {
        Name = $"Conv1D({filters}, {kernelSize})";
        if (inputChannels <= 0 || filters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filters), $"{Name}: input channels {inputChannels} and filters {filters} must be positive");
        }

        _window = new KerasWindow(kernelSize, strides, dilationRate, padding);
        _window.Check(Name, allowCausal: true);
        KerasActivation.Check(activation, Name, nameof(activation));
        InputChannels = inputChannels;
        Filters = filters;
        Activation = activation;

        // As PyTorch's Conv1d: U(±1/√(inputChannels · kernelSize)) for both.
        (_weight, _bias) = TorchDefaultWeights.Register(this, new[] { filters, inputChannels, kernelSize }, useBias);
    }

    /// <summary>The kernel in libtorch's layout, <c>[filters, inputChannels, kernelSize]</c> (Keras stores <c>[kernelSize, inputChannels, filters]</c>).</summary>
    public Parameter weight => _weight;

    /// <summary>The bias, <c>[filters]</c>, or <c>null</c> without one.</summary>
    public Parameter? bias => _bias;

    /// <summary>C, the input's channels.</summary>
    public long InputChannels { get; }

    /// <summary>The output channels.</summary>
    public long Filters { get; }

    /// <summary>The Keras activation name.</summary>
    public string Activation { get; }

    /// <summary>Keras <c>kernel_regularizer</c>: a penalty on <see cref="weight"/> added to the training loss.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    Tensor? IWeightPenalty.Penalty() => WeightPenalties.Of(KernelRegularizer, _weight);

    /// <summary>The output length for an input of <paramref name="length"/> steps (Keras's rule; below 1 when the input is too short).</summary>
    public long OutputLength(long length) => _window.OutputLength(length);

    private string Name { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return KerasActivation.Apply(Activation, Logits(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The convolution before the activation.</summary>
    public Tensor Logits(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions != 3 || x.shape[2] != InputChannels || !x.is_floating_point())
        {
            throw new ArgumentException($"{Name}: expects [batch, steps, {InputChannels}] {TensorText.TypeName(_weight.dtype)}, got {TensorText.Describe(x)}");
        }

        var length = x.shape[1];
        if (OutputLength(length) < 1)
        {
            throw new ArgumentException(
                $"{Name}: a sequence of {length} steps is shorter than the kernel's span of {_window.Span} steps with padding '{_window.Padding}'");
        }

        using var scope = NewDisposeScope();
        var (before, after) = _window.Pads(length);
        var channelsFirst = x.transpose(1, 2);
        if (before + after > 0)
        {
            channelsFirst = nn.functional.pad(channelsFirst, new[] { before, after });
        }

        var y = nn.functional.conv1d(channelsFirst, _weight, _bias, stride: _window.Strides, dilation: _window.Dilation);
        return y.transpose(1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the layer into an ONNX graph: channels first, <c>Conv</c> with Keras's padding (<c>same</c> as
    /// <c>SAME_UPPER</c>, TensorFlow's split; <c>causal</c> as everything before), channels last, the activation.
    /// </summary>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        var inputs = new List<string> { graph.Transpose(x.Name, 0, 2, 1), graph.Weight(name + "_kernel", _weight) };
        if (_bias is not null)
        {
            inputs.Add(graph.Weight(name + "_bias", _bias));
        }

        var y = graph.Op("Conv", inputs, _window.OnnxAttributes(convolution: true));
        return new Onnx.OnnxValue(KerasActivation.WriteOnnx(graph, Activation, graph.Transpose(y, 0, 2, 1)), 3);
    }
}
