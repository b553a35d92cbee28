using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Layers;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace ModelDsl.Interop.Keras;

/// <summary>A model parameter and the value a Keras weight gives it, in libtorch's layout.</summary>
internal sealed record WeightAssignment(Parameter Target, Tensor Value);

/// <summary>
/// Turns one Keras layer's weights into the libtorch layout of the matching ModelDsl layer, checking kind and shapes:
/// Dense kernels <c>[in, out]</c> are transposed, Conv1D kernels <c>[k, in, out]</c> become <c>[out, in, k]</c>, recurrent
/// kernels <c>[F, g·H]</c> become <c>weight_ih [g·H, F]</c> (GRU blocks z, r, h reordered to libtorch's r, z, n), Keras's
/// single recurrent bias goes to <c>bias_ih</c> with <c>bias_hh</c> zero, and a GRU reset_after bias <c>[2, 3H]</c> is split
/// into <c>bias_ih</c> and <c>bias_hh</c>.
/// </summary>
internal sealed class KerasWeightMapping
{
    private readonly KerasLayer _keras;
    private readonly string _modelLayer;
    private readonly string _path;
    private readonly List<WeightAssignment> _assignments = new();
    private readonly HashSet<KerasWeight> _used = new(ReferenceEqualityComparer.Instance);

    private KerasWeightMapping(KerasLayer keras, string modelLayer, string path)
    {
        _keras = keras;
        _modelLayer = modelLayer;
        _path = path;
    }

    /// <summary>The kind a ModelDsl layer has in Keras's terms (<c>LSTM</c>, <c>Bidirectional(GRU)</c>, …), or null when there is no Keras mapping.</summary>
    public static string? KindOf(nn.Module module) => module switch
    {
        Embedding => "Embedding",
        SimpleRNN => "SimpleRNN",
        GRU => "GRU",
        LSTM => "LSTM",
        Bidirectional b => $"Bidirectional({KindOf(b.ForwardLayer)})",
        Dense => "Dense",
        Conv1D => "Conv1D",
        ConvLSTM2D => "ConvLSTM2D",
        _ => null,
    };

    /// <summary>The values for <paramref name="module"/>'s parameters, or a <see cref="KerasImportException"/> naming both layers and the shapes.</summary>
    public static IReadOnlyList<WeightAssignment> Map(KerasLayer keras, string modelName, nn.Module module, string path)
    {
        var kind = KindOf(module) ?? throw new KerasImportException($"'{path}': model layer '{modelName}' ({module.GetType().Name}) has no Keras counterpart to load");
        var mapping = new KerasWeightMapping(keras, $"model layer '{modelName}' ({kind})", path);
        if (!string.Equals(keras.ClassName, kind, StringComparison.Ordinal))
        {
            throw mapping.Fail($"is a {keras.ClassName}, not a {kind}");
        }

        mapping.CheckOptions(module);
        mapping.Fill(module, keras.Weights);
        return mapping._assignments;
    }

    // Only a full model's file has options; each one the ModelDsl layer also has must agree, or the outputs would differ silently.
    private void CheckOptions(nn.Module module)
    {
        var declared = KerasLayerOptions.Of(module);
        var differing = _keras.Options
            .Where(o => declared.TryGetValue(o.Key, out var mine) && !string.Equals(mine, o.Value, StringComparison.Ordinal))
            .Select(o => $"{o.Key} is '{o.Value}' in the file but '{declared[o.Key]}' in the declaration")
            .ToList();
        if (differing.Count > 0)
        {
            throw Fail($"{string.Join("; ", differing)} (declare the layer as the Keras model has it; KerasModel.ToCSharp prints it)");
        }
    }

    private void Fill(nn.Module module, IReadOnlyList<KerasWeight> weights)
    {
        switch (module)
        {
            case Embedding embedding:
                Assign(embedding.weight, Take(weights, "embeddings", embedding.weight.shape), v => v);
                Done(weights);
                break;
            case Dense dense:
                Assign(dense.weight, Take(weights, "kernel", Reverse(dense.weight.shape)), v => v.t());
                AssignBias(dense.bias, weights);
                Done(weights);
                break;
            case Conv1D conv:
                Assign(conv.weight, Take(weights, "kernel", Reverse(conv.weight.shape)), v => v.permute(2, 1, 0));
                AssignBias(conv.bias, weights);
                Done(weights);
                break;
            case ConvLSTM2D convLstm:
                {
                    var s = convLstm.weight_ih.shape;
                    var r = convLstm.weight_hh.shape;
                    Assign(convLstm.weight_ih, Take(weights, "kernel", new[] { s[2], s[3], s[1], s[0] }), v => v.permute(3, 2, 0, 1));
                    Assign(convLstm.weight_hh, Take(weights, "recurrent_kernel", new[] { r[2], r[3], r[1], r[0] }), v => v.permute(3, 2, 0, 1));
                    AssignBias(convLstm.bias, weights);
                    Done(weights);
                    break;
                }
            case Bidirectional bidirectional:
                {
                    var (forward, backward) = KerasLayerKinds.Directions(weights);
                    Fill(bidirectional.ForwardLayer, forward);
                    Fill(bidirectional.BackwardLayer, backward);
                    break;
                }
            case RecurrentLayer recurrent:
                FillRecurrent(recurrent, weights);
                break;
            default:
                throw Fail($"has no Keras mapping for {module.GetType().Name}");
        }
    }

    private void FillRecurrent(RecurrentLayer layer, IReadOnlyList<KerasWeight> weights)
    {
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var gates = layer switch { LSTM => 4, GRU => 3, _ => 1 };
        var isGru = layer is GRU;
        var (f, h) = (layer.InputSize, layer.Units);
        Func<Tensor, Tensor> order = isGru ? GruBlocks : v => v;
        Assign(parameters["cell.weight_ih_l0"], Take(weights, "kernel", new[] { f, gates * h }), v => order(v.t()));
        Assign(parameters["cell.weight_hh_l0"], Take(weights, "recurrent_kernel", new[] { h, gates * h }), v => order(v.t()));
        if (layer.Options.UseBias)
        {
            if (isGru && layer.Options.ResetAfter)
            {
                var bias = Take(weights, "bias", new[] { 2, 3 * h });
                Assign(parameters["cell.bias_ih_l0"], bias, v => GruBlocks(v[0]));
                Assign(parameters["cell.bias_hh_l0"], bias, v => GruBlocks(v[1]));
            }
            else
            {
                var bias = Take(weights, "bias", new[] { gates * h });
                Assign(parameters["cell.bias_ih_l0"], bias, order);
                if (parameters.TryGetValue("cell.bias_hh_l0", out var recurrentBias))
                {
                    Assign(recurrentBias, bias, v => zeros_like(v));
                }
            }
        }

        Done(weights);
    }

    // Keras stacks GRU blocks z, r, h along the first axis of the (transposed) weight; libtorch wants r, z, n.
    private static Tensor GruBlocks(Tensor v)
    {
        var blocks = v.chunk(3, 0);
        return cat(new[] { blocks[1], blocks[0], blocks[2] }, 0);
    }

    private void AssignBias(Parameter? bias, IReadOnlyList<KerasWeight> weights)
    {
        if (bias is not null)
        {
            Assign(bias, Take(weights, "bias", bias.shape), v => v);
        }
    }

    private KerasWeight Take(IReadOnlyList<KerasWeight> weights, string shortName, long[] expected)
    {
        var weight = weights.FirstOrDefault(w => w.ShortName == shortName)
            ?? throw Fail($"has no '{shortName}' weight; it has {string.Join(", ", weights.Select(w => $"'{w.Name}' {w.ShapeText}"))}");
        if (!KerasShapes.Same(weight.Shape, expected))
        {
            throw Fail($"weight '{weight.Name}' has shape {weight.ShapeText}, expected {KerasShapes.Text(expected)}");
        }

        _used.Add(weight);
        return weight;
    }

    // Every Keras weight must land somewhere: an extra one (a bias the model layer lacks) is a mismatch, not something to drop.
    private void Done(IReadOnlyList<KerasWeight> weights)
    {
        var extra = weights.Where(w => !_used.Contains(w)).Select(w => $"'{w.Name}' {w.ShapeText}").ToList();
        if (extra.Count > 0)
        {
            throw Fail($"the file has weights the model layer has no parameter for (does use_bias differ?): {string.Join(", ", extra)}");
        }
    }

    private void Assign(Parameter target, KerasWeight weight, Func<Tensor, Tensor> toTorch)
    {
        var value = toTorch(tensor(weight.Values, weight.Shape)).contiguous().to_type(target.dtype);
        _assignments.Add(new WeightAssignment(target, value));
    }

    private static long[] Reverse(long[] shape) => Enumerable.Reverse(shape).ToArray();

    private KerasImportException Fail(string problem) =>
        new($"'{_path}': Keras layer {_keras.Display} does not fit {_modelLayer}: {problem}");
}
