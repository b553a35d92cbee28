using System;
using ModelDsl.Runtime;
using static TorchSharp.torch;

namespace ModelDsl.Layers;

/// <summary>How <see cref="Bidirectional"/> combines its two directions (Keras <c>merge_mode</c>).</summary>
public enum BidirectionalMerge
{
    /// <summary>Side by side on the last axis: <c>2·units</c> features.</summary>
    Concat,

    /// <summary>Element-wise sum.</summary>
    Sum,

    /// <summary>Element-wise product.</summary>
    Mul,

    /// <summary>Element-wise mean.</summary>
    Ave,

    /// <summary>Kept apart: use <see cref="Bidirectional.ForwardBoth"/>.</summary>
    None,
}

/// <summary>
/// Keras <c>Bidirectional(layer, merge_mode)</c>. Without <c>ReturnSequences</c> the backward half is the
/// backward layer's final state (after reading t = 0); with it, backward outputs are put back in forward time order.
/// </summary>
public sealed class Bidirectional : nn.Module<Tensor, Tensor>
{
    /// <summary>Wraps <paramref name="layer"/> (the forward direction) and a reversed copy of it.</summary>
    public Bidirectional(RecurrentLayer layer, BidirectionalMerge merge = BidirectionalMerge.Concat)
        : base(TorchRuntime.EnsureLoadedFor(nameof(Bidirectional)))
    {
        ArgumentNullException.ThrowIfNull(layer);
        ForwardLayer = layer;
        BackwardLayer = layer.Reversed();
        Merge = merge;

        // Keras's names, so weights read bidirectional.forward_layer.cell.weight_ih_l0 and so on.
        register_module("forward_layer", ForwardLayer);
        register_module("backward_layer", BackwardLayer);
    }

    /// <summary>The layer reading first to last.</summary>
    public RecurrentLayer ForwardLayer { get; }

    /// <summary>The layer reading last to first.</summary>
    public RecurrentLayer BackwardLayer { get; }

    /// <summary>How the two directions are combined.</summary>
    public BidirectionalMerge Merge { get; }

    /// <summary>Both directions merged; throws <see cref="InvalidOperationException"/> for <see cref="BidirectionalMerge.None"/>.</summary>
    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>Keras's <c>reset_states()</c> for both directions of a stateful wrapped layer.</summary>
    public void ResetStates()
    {
        ForwardLayer.ResetStates();
        BackwardLayer.ResetStates();
    }

    /// <summary>As <see cref="forward(Tensor)"/>, skipping masked steps in both directions.</summary>
    public Tensor forward(Tensor x, Tensor? mask)
    {
        if (Merge == BidirectionalMerge.None)
        {
            throw new InvalidOperationException(
                $"Bidirectional({ForwardLayer.DisplayName}) has merge None, so it has two outputs: call ForwardBoth(x, mask) instead of forward");
        }

        using var scope = NewDisposeScope();
        var (forwardOutput, backwardOutput) = ForwardBoth(x, mask);
        var merged = Merge switch
        {
            BidirectionalMerge.Concat => cat(new[] { forwardOutput, backwardOutput }, -1),
            BidirectionalMerge.Sum => forwardOutput.add(backwardOutput),
            BidirectionalMerge.Mul => forwardOutput.mul(backwardOutput),
            BidirectionalMerge.Ave => forwardOutput.add(backwardOutput).div(2),
            _ => throw new InvalidOperationException($"Bidirectional: unknown merge mode {Merge}"),
        };
        return merged.MoveToOuterDisposeScope();
    }

    /// <summary>Both directions unmerged (Keras <c>merge_mode=None</c>), each in forward time order.</summary>
    public (Tensor Forward, Tensor Backward) ForwardBoth(Tensor x, Tensor? mask = null)
    {
        using var scope = NewDisposeScope();
        var forwardOutput = ForwardLayer.forward(x, mask);
        var backwardOutput = BackwardLayer.forward(x, mask);

        // The backward layer emits steps in its processing order (last input step first); flipping puts
        // each output beside the input step it read. Masked steps are zero in both, so real tokens align
        // row by row. Without sequences its output is already its state after reading step 0.
        if (BackwardLayer.Options.ReturnSequences)
        {
            backwardOutput = backwardOutput.flip(1);
        }

        return scope.MoveToOuter(forwardOutput, backwardOutput);
    }

    /// <summary>Writes both directions merged into an ONNX graph, as <see cref="forward(Tensor, Tensor?)"/> computes them in evaluation mode.</summary>
    /// <exception cref="InvalidOperationException">The merge is <see cref="BidirectionalMerge.None"/>: use <see cref="WriteOnnxBoth"/>.</exception>
    public Onnx.OnnxValue WriteOnnx(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x, Onnx.OnnxValue? mask = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (Merge == BidirectionalMerge.None)
        {
            throw new InvalidOperationException($"Bidirectional({ForwardLayer.DisplayName}) has merge None, so it has two outputs: write it with WriteOnnxBoth");
        }

        var (forwardOutput, backwardOutput) = WriteOnnxBoth(graph, name, x, mask);
        var (f, b) = (forwardOutput.Name, backwardOutput.Name);
        var merged = Merge switch
        {
            BidirectionalMerge.Concat => graph.Concat(new[] { f, b }, -1),
            BidirectionalMerge.Sum => graph.Add(f, b),
            BidirectionalMerge.Mul => graph.Mul(f, b),
            _ => graph.Div(graph.Add(f, b), graph.Float(2f)),
        };
        return new Onnx.OnnxValue(merged, forwardOutput.Rank);
    }

    /// <summary>
    /// Writes both directions unmerged, as <see cref="ForwardBoth"/> gives them: one ONNX operator with direction
    /// <c>bidirectional</c> (two single-direction ones when the wrapped layer itself goes backwards).
    /// </summary>
    public (Onnx.OnnxValue Forward, Onnx.OnnxValue Backward) WriteOnnxBoth(Onnx.OnnxGraphBuilder graph, string name, Onnx.OnnxValue x, Onnx.OnnxValue? mask = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(x);
        var rank = ForwardLayer.Options.ReturnSequences ? 3 : 2;
        if (!ForwardLayer.Options.GoBackwards)
        {
            var both = RecurrentLayer.WriteOnnx(graph, name, x.Name, mask?.Name, new[] { ForwardLayer, BackwardLayer });
            return (new Onnx.OnnxValue(both[0], rank), new Onnx.OnnxValue(both[1], rank));
        }

        var forwardOutput = RecurrentLayer.WriteOnnx(graph, name + "_forward", x.Name, mask?.Name, new[] { ForwardLayer })[0];
        var backwardOutput = RecurrentLayer.WriteOnnx(graph, name + "_backward", x.Name, mask?.Name, new[] { BackwardLayer })[0];
        if (BackwardLayer.Options.ReturnSequences)
        {
            backwardOutput = graph.Flip(backwardOutput, 1);
        }

        return (new Onnx.OnnxValue(forwardOutput, rank), new Onnx.OnnxValue(backwardOutput, rank));
    }
}
