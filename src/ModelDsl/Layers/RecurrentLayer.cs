using System;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// SimpleRNN, GRU and LSTM with Keras's semantics over libtorch's fused kernels: batch-first
/// <c>[B, T, F]</c>, the last step (or every step) as output, <c>GoBackwards</c>, a mask that skips padded
/// steps, and Keras-style dropout through a cell loop (used only while training with dropout set).
/// </summary>
public abstract class RecurrentLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Builds the fused kernel with TorchSharp's default initialization.</summary>
    protected RecurrentLayer(string name, long inputSize, long units, RecurrentOptions? options)
        : base(name) => throw new NotImplementedException();

    /// <summary>Features per step of the input.</summary>
    public long InputSize { get; }

    /// <summary>Size of the state and of each output step.</summary>
    public long Units { get; }

    /// <summary>The options this layer was built with.</summary>
    public RecurrentOptions Options { get; }

    /// <summary><c>[B, T, F] -> [B, units]</c>, or <c>[B, T, units]</c> with <c>ReturnSequences</c>.</summary>
    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>As <see cref="forward(Tensor)"/>, skipping steps where <paramref name="mask"/> <c>[B, T] bool</c> is false (their output is zero).</summary>
    public abstract Tensor forward(Tensor x, Tensor? mask);

    /// <summary>A new layer of the same kind and size reading the other way (<c>GoBackwards</c> flipped), for <see cref="Bidirectional"/>.</summary>
    public abstract RecurrentLayer Reversed();
}

/// <summary>Keras <c>SimpleRNN(units)</c>: <c>h_t = tanh(x_t·W + h_{t-1}·U + b)</c>.</summary>
public sealed class SimpleRNN(long inputSize, long units, RecurrentOptions? options = null)
    : RecurrentLayer("simple_rnn", inputSize, units, options)
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x, Tensor? mask) => throw new NotImplementedException();

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => throw new NotImplementedException();
}

/// <summary>Keras <c>GRU(units)</c> (with <c>reset_after = true</c>, as libtorch computes it).</summary>
public sealed class GRU(long inputSize, long units, RecurrentOptions? options = null)
    : RecurrentLayer("gru", inputSize, units, options)
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x, Tensor? mask) => throw new NotImplementedException();

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => throw new NotImplementedException();
}

/// <summary>Keras <c>LSTM(units)</c>.</summary>
public sealed class LSTM(long inputSize, long units, RecurrentOptions? options = null)
    : RecurrentLayer("lstm", inputSize, units, options)
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x, Tensor? mask) => throw new NotImplementedException();

    /// <inheritdoc/>
    public override RecurrentLayer Reversed() => throw new NotImplementedException();
}
