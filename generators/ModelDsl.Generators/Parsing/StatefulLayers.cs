using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Keras's rule for <c>stateful=True</c>: row i of a batch continues row i of the previous one, so the batch size must be
/// fixed (<c>batch_input_shape</c>). Checked here for a stack and a graph model alike, at each stateful layer.
/// </summary>
internal static class StatefulLayers
{
    public static void RequireBatchSize(IEnumerable<(LayerSpec Spec, Location? Location)> layers, IReadOnlyCollection<InputSpec> inputs, List<DiagnosticInfo> diagnostics)
    {
        if (inputs.Count > 0 && inputs.All(i => i.BatchSize is not null))
        {
            return;
        }

        foreach (var (spec, location) in layers.Where(l => l.Spec.LayerKind.IsStateful(l.Spec)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StatefulNeedsBatchSize, location, spec.Display()));
        }
    }
}
