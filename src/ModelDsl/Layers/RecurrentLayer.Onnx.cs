using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Onnx;
using Onnx;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

// ONNX export: the layer as ONNX's own RNN / GRU / LSTM operator, with Keras's semantics around it.
public abstract partial class RecurrentLayer
{
    /// <summary>The ONNX operator computing this cell: <c>RNN</c>, <c>GRU</c> or <c>LSTM</c>.</summary>
    private protected abstract string OnnxOperator { get; }

    /// <summary>Where each of ONNX's gate blocks is in libtorch's layout (LSTM: ONNX i, o, f, c from libtorch i, f, g, o).</summary>
    private protected abstract int[] OnnxGateOrder { get; }

    /// <summary>The operator's <c>activations</c> for one direction (gates first, as ONNX lists them).</summary>
    private protected abstract string[] OnnxActivations { get; }

    /// <summary>Attributes of the operator beyond the common ones (GRU's <c>linear_before_reset</c>).</summary>
    private protected virtual (string Name, object Value)[] OnnxAttributes => Array.Empty<(string, object)>();

    /// <summary>ONNX's name of the gates' activation.</summary>
    private protected string OnnxGate => Options.RecurrentActivation == RecurrentActivations.HardSigmoid ? "HardSigmoid" : "Sigmoid";

    /// <summary>
    /// Writes the layer into an ONNX graph, as <see cref="forward(Tensor, Tensor?)"/> computes it in evaluation mode:
    /// <paramref name="x"/> <c>[B, T, F]</c> (and the padding mask <c>[B, T] bool</c>, if any) to <c>[B, units]</c> or
    /// <c>[B, T, units]</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The layer is <c>Stateful</c>: an ONNX graph carries no state from one run to the next.</exception>
    public OnnxValue WriteOnnx(OnnxGraphBuilder graph, string name, OnnxValue x, OnnxValue? mask = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        return new OnnxValue(WriteOnnx(graph, name, x.Name, mask?.Name, new[] { this })[0], Options.ReturnSequences ? 3 : 2);
    }

    /// <summary>
    /// One ONNX operator over <paramref name="layers"/>: this layer alone (direction <c>forward</c>, or <c>reverse</c> for
    /// GoBackwards), or a forward and a backward layer (direction <c>bidirectional</c>), whose outputs come back in forward
    /// time order as <see cref="Bidirectional.ForwardBoth"/> gives them.
    /// </summary>
    /// <remarks>
    /// With a mask, each row's real steps are moved to the front first (the stable order the fused path uses) and their
    /// count goes to <c>sequence_lens</c>, so the operator stops at the last real step and a reverse direction starts
    /// there; outputs are put back where their steps came from and zeroed at padding, and rows without a real step
    /// output zeros — the layer's own semantics for any mask, not only for padding at one end.
    /// </remarks>
    internal static string[] WriteOnnx(OnnxGraphBuilder graph, string name, string x, string? mask, IReadOnlyList<RecurrentLayer> layers)
    {
        var first = layers[0];
        foreach (var layer in layers)
        {
            if (layer.Options.Stateful)
            {
                throw new NotSupportedException(
                    $"ONNX export: {layer.DisplayName} has Stateful = true, which carries its state from one batch to the next; an ONNX graph has no state between runs. Export a declaration without Stateful.");
            }
        }

        var bidirectional = layers.Count == 2;
        var direction = bidirectional ? "bidirectional" : first.Options.GoBackwards ? "reverse" : "forward";

        var input = x;
        string? order = null, lengths = null, hasTokens = null, real = null;
        if (mask is not null)
        {
            var ids = graph.Cast(mask, TensorProto.Types.DataType.Int64);
            var steps = graph.Dim(ids, 1);
            var positions = graph.Op("Range", new[] { graph.Int64s(new[] { 0L }, scalar: true), graph.Squeeze(steps, 0), graph.Int64s(new[] { 1L }, scalar: true) });
            var padding = graph.Mul(graph.Sub(graph.Int64s(new[] { 1L }, scalar: true), ids), steps);
            order = graph.ArgSortRows(graph.Add(positions, padding));
            input = graph.GatherSteps(x, order, 3);
            var counts = graph.Op("ReduceSum", new[] { ids, graph.Int64s(new[] { 1L }) }, ("keepdims", 0L));
            lengths = graph.Cast(graph.Op("Max", new[] { counts, graph.Int64s(new[] { 1L }, scalar: true) }), TensorProto.Types.DataType.Int32);
            hasTokens = graph.CastFloat(graph.Unsqueeze(graph.Op("Greater", new[] { counts, graph.Int64s(new[] { 0L }, scalar: true) }), 1));
            real = graph.Unsqueeze(graph.CastFloat(mask), 2);
        }

        var (w, r, b) = OnnxWeights(graph, name, layers);
        var attributes = new List<(string, object)>
        {
            ("hidden_size", first.Units),
            ("direction", direction),
            ("activations", layers.SelectMany(l => l.OnnxActivations).ToArray()),
        };
        attributes.AddRange(first.OnnxAttributes);
        var outputs = graph.Op(
            first.OnnxOperator,
            new[] { graph.Transpose(input, 1, 0, 2), w, r, b ?? "", lengths ?? "" },
            outputs: 2,
            attributes.ToArray());
        var (sequence, last) = (outputs[0], outputs[1]);

        var results = new string[layers.Count];
        for (var d = 0; d < layers.Count; d++)
        {
            var index = graph.Int64s(new[] { (long)d }, scalar: true);
            if (layers[d].Options.ReturnSequences)
            {
                // Y is [T, directions, B, units]; every direction comes back in forward time order.
                var y = graph.Transpose(graph.Op("Gather", new[] { sequence, index }, ("axis", 1L)), 1, 0, 2);
                if (order is not null)
                {
                    y = graph.Mul(graph.GatherSteps(y, graph.ArgSortRows(order), 3), real!);
                }

                // Alone, GoBackwards outputs its steps in the order it read them (last input step first), as Keras does.
                results[d] = !bidirectional && first.Options.GoBackwards ? graph.Flip(y, 1) : y;
            }
            else
            {
                var h = graph.Op("Gather", new[] { last, index }, ("axis", 0L));
                results[d] = hasTokens is null ? h : graph.Mul(h, hasTokens);
            }
        }

        return results;
    }

    /// <summary>W <c>[dirs, G·units, F]</c>, R <c>[dirs, G·units, units]</c> and B <c>[dirs, 2·G·units]</c> (or none) in ONNX's gate order.</summary>
    private static (string W, string R, string? B) OnnxWeights(OnnxGraphBuilder graph, string name, IReadOnlyList<RecurrentLayer> layers)
    {
        using var scope = NewDisposeScope();
        var w = new List<Tensor>();
        var r = new List<Tensor>();
        var b = new List<Tensor>();
        foreach (var layer in layers)
        {
            var parameters = layer.KernelParameters();
            var inputBias = parameters.GetValueOrDefault("bias_ih_l0");
            var recurrentBias = parameters.GetValueOrDefault("bias_hh_l0");
            w.Add(layer.Reorder(parameters["weight_ih_l0"]));
            r.Add(layer.Reorder(parameters["weight_hh_l0"]));
            if (inputBias is not null || recurrentBias is not null)
            {
                var size = layer.OnnxGateOrder.Length * layer.Units;
                b.Add(cat(new[] { inputBias is null ? zeros(size) : layer.Reorder(inputBias), recurrentBias is null ? zeros(size) : layer.Reorder(recurrentBias) }));
            }
        }

        return (
            graph.Weight(name + "_W", stack(w)),
            graph.Weight(name + "_R", stack(r)),
            b.Count == 0 ? null : graph.Weight(name + "_B", stack(b)));
    }

    private Tensor Reorder(Tensor weight)
    {
        var blocks = weight.detach().chunk(OnnxGateOrder.Length, 0);
        return cat(OnnxGateOrder.Select(i => blocks[i]).ToArray(), 0);
    }
}
