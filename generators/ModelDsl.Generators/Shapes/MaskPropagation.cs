using System.Collections.Generic;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Keras's mask propagation in a layer stack: <c>Embedding(mask_zero=True)</c> makes a mask of the
/// non-padding steps; layers that keep the time axis pass it on (Dropout, Activation, Dense over a sequence,
/// recurrent layers with <c>ReturnSequences</c>); a layer that removes the time axis (a recurrent layer's
/// last step, Flatten) ends it. Recurrent and bidirectional layers that receive it skip the padded steps.
/// </summary>
internal static class MaskPropagation
{
    /// <summary>The layers with their <see cref="MaskRole"/> set; an embedding computes the mask only when some layer reads it.</summary>
    public static IReadOnlyList<LayerPlan> Apply(IReadOnlyList<LayerPlan> layers)
    {
        var result = new List<LayerPlan>(layers);
        int? producer = null;
        for (var index = 0; index < result.Count; index++)
        {
            var layer = result[index];
            if (producer is { } source && ReadsMask(layer.Spec))
            {
                result[index] = layer with { Mask = MaskRole.Reads };
                result[source] = result[source] with { Mask = MaskRole.Computes };
            }

            producer = layer.Spec.LayerKind.ComputesMask(layer.Spec) ? index
                : PassesMask(layer) ? producer
                : null;
        }

        return result;
    }

    /// <summary>
    /// A warning when an embedding has <c>MaskZero</c> but no layer reads its mask (Keras 2 rejects a mask that
    /// reaches Flatten): padded steps then count like real ones.
    /// </summary>
    public static ShapeError? CheckRead(IReadOnlyList<LayerPlan> layers)
    {
        for (var index = 0; index < layers.Count; index++)
        {
            var embedding = layers[index].Spec;
            if (!embedding.LayerKind.ComputesMask(embedding) || layers[index].Mask == MaskRole.Computes)
            {
                continue;
            }

            var reason = "no recurrent layer follows it";
            for (var next = index + 1; next < layers.Count; next++)
            {
                if (!PassesMask(layers[next]))
                {
                    reason = $"{layers[next].Spec.Display()} drops the time axis before any recurrent layer";
                    break;
                }
            }

            return new ShapeError(
                Diagnostics.DiagnosticDescriptors.PaddingMaskNotRead,
                new[] { embedding.Display(), reason }.ToEquatableArray(),
                ReportAt: index);
        }

        return null;
    }

    private static bool ReadsMask(LayerSpec layer) => layer.LayerKind.ReadsMask(layer);

    private static bool PassesMask(LayerPlan layer) => layer.Spec.LayerKind.PassesMask(layer.Spec, layer.Output);
}
