using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>
/// Keras's default initializers for the layers of a module: glorot_uniform kernels, orthogonal
/// recurrent kernels, zero biases (LSTM forget gate 1, Keras <c>unit_forget_bias</c>; libtorch's second
/// bias vector 0), uniform(-0.05, 0.05) embeddings.
/// </summary>
/// <remarks>
/// Draws from TorchSharp's global generator, so <c>torch.manual_seed</c> makes the result reproducible.
/// The values follow Keras's distributions, not Keras's random streams: a model is not initialised to the
/// same numbers as the same model in Keras.
/// </remarks>
public static class KerasInitializer
{
    // Keras's default for Embedding: RandomUniform(-0.05, 0.05).
    private const double EmbeddingLimit = 0.05;

    /// <summary>Re-initializes every ModelDsl layer inside <paramref name="model"/> (including itself) without recording gradients.</summary>
    /// <remarks>
    /// Handles ModelDsl's <see cref="Embedding"/>, <see cref="Dense"/> and <see cref="Conv1D"/> and TorchSharp's <c>Embedding</c>,
    /// <c>Linear</c>, <c>RNN</c>, <c>GRU</c> and <c>LSTM</c> (every layer and direction of a fused kernel);
    /// other modules keep their parameters. A parameter reachable twice (a ModelDsl layer and the TorchSharp
    /// module inside it) is initialised once.
    /// </remarks>
    public static void Apply(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = no_grad();
        var initializer = new Run();

        // modules() lists the descendants only, so the model itself goes first.
        foreach (var module in model.modules().Prepend(model))
        {
            initializer.Visit(module);
        }
    }

    /// <summary>
    /// Keras's glorot_uniform over a torch weight <c>[out, in]</c> or convolution kernel <c>[out, in, k…]</c>:
    /// U(±√(6 / (fan_in + fan_out))), both fans counting the kernel's receptive field as Keras does.
    /// </summary>
    internal static void GlorotUniform(Tensor weight)
    {
        var receptiveField = weight.shape.Skip(2).Aggregate(1L, (product, size) => product * size);
        var fanOut = weight.shape[0] * receptiveField;
        var fanIn = weight.shape[1] * receptiveField;
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        nn.init.uniform_(weight, -limit, limit);
    }

    /// <summary>One pass over a model, remembering which parameters it has already set.</summary>
    private sealed class Run
    {
        // The parameters already initialised this pass; a wrapper layer hands out its inner module's objects.
        private readonly HashSet<Tensor> _done = new(ReferenceEqualityComparer.Instance);

        public void Visit(nn.Module module)
        {
            switch (module)
            {
                case Embedding embedding:
                    EmbeddingTable(embedding.weight);
                    break;
                case TorchSharp.Modules.Embedding embedding:
                    EmbeddingTable(embedding.weight);
                    break;
                case Dense dense:
                    Kernel(dense.weight, dense.bias);
                    break;
                case TorchSharp.Modules.Linear linear:
                    Kernel(linear.weight, linear.bias);
                    break;
                case Conv1D conv:
                    Kernel(conv.weight, conv.bias);
                    break;
                case TorchSharp.Modules.LSTM lstm:
                    Recurrent(lstm, gates: 4, forgetGate: 1);
                    break;
                case TorchSharp.Modules.GRU gru:
                    Recurrent(gru, gates: 3, forgetGate: null);
                    break;
                case TorchSharp.Modules.RNN rnn:
                    Recurrent(rnn, gates: 1, forgetGate: null);
                    break;
                case LoopCellWeights cell:
                    Recurrent(cell, gates: cell.Gates, forgetGate: null);
                    break;
            }
        }

        private void EmbeddingTable(Tensor? weight)
        {
            if (First(weight))
            {
                nn.init.uniform_(weight!, -EmbeddingLimit, EmbeddingLimit);
            }
        }

        private void Kernel(Tensor? weight, Tensor? bias)
        {
            if (First(weight))
            {
                GlorotUniform(weight!);
            }

            if (First(bias))
            {
                nn.init.zeros_(bias!);
            }
        }

        /// <summary>
        /// A fused kernel, whose rows stack <paramref name="gates"/> blocks of the hidden size. Every
        /// <c>_l{k}</c> layer and <c>_reverse</c> direction is one Keras cell.
        /// </summary>
        /// <param name="fused">TorchSharp's <c>RNN</c>, <c>GRU</c> or <c>LSTM</c>.</param>
        /// <param name="gates">The blocks stacked in each weight and bias: 1, 3 or 4.</param>
        /// <param name="forgetGate">The block of <c>bias_ih</c> Keras sets to 1 (<c>unit_forget_bias</c>).</param>
        private void Recurrent(nn.Module fused, int gates, int? forgetGate)
        {
            foreach (var (name, parameter) in fused.named_parameters().ToList())
            {
                if (!First(parameter))
                {
                    continue;
                }

                if (name.StartsWith("weight_ih", StringComparison.Ordinal))
                {
                    // torch's [gates·H, F] is Keras's kernel [F, gates·H] transposed: the same fans.
                    GlorotUniform(parameter);
                }
                else if (name.StartsWith("weight_hh", StringComparison.Ordinal))
                {
                    // Keras makes the rows of its whole [H, gates·H] recurrent kernel orthonormal (not each
                    // gate's block); in torch's transposed [gates·H, H] those are the columns, which is what
                    // orthogonal_ gives a matrix with more rows than columns.
                    nn.init.orthogonal_(parameter);
                }
                else if (name.StartsWith("bias_ih", StringComparison.Ordinal))
                {
                    nn.init.zeros_(parameter);
                    if (forgetGate is { } gate)
                    {
                        var hidden = parameter.shape[0] / gates;
                        using var forget = parameter.narrow(0, gate * hidden, hidden);
                        forget.fill_(1.0);
                    }
                }
                else if (name.StartsWith("bias_hh", StringComparison.Ordinal))
                {
                    // Keras's LSTM and SimpleRNN have one bias; libtorch adds this one to it, so it must be 0.
                    // Keras's GRU (reset_after) has a recurrent bias too, also zero-initialised.
                    nn.init.zeros_(parameter);
                }
            }
        }

        /// <summary>Whether <paramref name="parameter"/> exists and has not been initialised yet in this pass.</summary>
        private bool First(Tensor? parameter) =>
            parameter is not null && _done.Add(parameter);
    }
}
