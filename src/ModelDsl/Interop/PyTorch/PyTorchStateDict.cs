using System;
using System.Collections.Generic;
using ModelDsl.Layers;
using static TorchSharp.torch;

namespace ModelDsl.Interop.PyTorch;

/// <summary>
/// A ModelDsl module's weights under the names PyTorch's modules give them, so that a PyTorch model built from
/// <c>nn.Embedding</c>, <c>nn.LSTM/nn.GRU/nn.RNN(batch_first=True)</c>, <c>nn.Linear</c> and <c>nn.Conv1d</c> with the same
/// attribute names accepts them with <c>load_state_dict(strict=True)</c>. The layouts already are libtorch's; only the
/// recurrent layers' names change: ModelDsl keeps the fused kernel under <c>cell</c> (<c>lstm.cell.weight_ih_l0</c> →
/// <c>lstm.weight_ih_l0</c>) and a <see cref="Bidirectional"/> keeps two layers (<c>forward_layer.cell.weight_ih_l0</c> →
/// <c>weight_ih_l0</c>, <c>backward_layer.cell.weight_ih_l0</c> → <c>weight_ih_l0_reverse</c>, as one
/// <c>nn.LSTM(bidirectional=True)</c>).
/// </summary>
internal static class PyTorchStateDict
{
    private const string CellPrefix = "cell.";

    /// <summary>Every parameter and persistent buffer of <paramref name="module"/> under its PyTorch name, in registration order.</summary>
    public static IReadOnlyList<(string Name, Tensor Tensor)> Of(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var entries = new List<(string, Tensor)>();
        Add(module, "", entries);
        return entries;
    }

    private static void Add(nn.Module module, string prefix, List<(string, Tensor)> entries)
    {
        switch (module)
        {
            case Bidirectional bidirectional:
                AddRecurrent(bidirectional.ForwardLayer, prefix, "", entries);
                AddRecurrent(bidirectional.BackwardLayer, prefix, "_reverse", entries);
                return;
            case RecurrentLayer recurrent:
                AddRecurrent(recurrent, prefix, "", entries);
                return;
        }

        foreach (var (name, parameter) in module.named_parameters(recurse: false))
        {
            entries.Add((prefix + name, parameter));
        }

        foreach (var (name, buffer) in module.named_buffers(recurse: false))
        {
            entries.Add((prefix + name, buffer));
        }

        foreach (var (name, child) in module.named_children())
        {
            Add(child, prefix + name + ".", entries);
        }
    }

    private static void AddRecurrent(RecurrentLayer layer, string prefix, string suffix, List<(string, Tensor)> entries)
    {
        foreach (var (name, parameter) in layer.named_parameters())
        {
            var local = name.StartsWith(CellPrefix, StringComparison.Ordinal) ? name[CellPrefix.Length..] : name;
            entries.Add((prefix + local + suffix, parameter));
        }
    }
}
