using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// Walks the layer stack from <c>[Input]</c> down, giving each layer its input's symbolic type and
/// computing its output with the layer's shape rule. Stops at the first layer that cannot take its
/// input: everything below it would only repeat the same mistake.
/// </summary>
internal static class ShapeInference
{
    public static AnalysisResult Analyze(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Type is null)
        {
            return new AnalysisResult(null, parsed.Diagnostics);
        }

        if (parsed.Model is null || parsed.Diagnostics.Count > 0)
        {
            return new AnalysisResult(ModulePlan.Inert(parsed.Type, parsed.Diagnostics), parsed.Diagnostics);
        }

        var model = parsed.Model;
        var inputType = new TensorType(
            SymbolicShape.Batched(model.Input.Shape.Select(size => size < 0 ? Dim.Unknown : Dim.Of(size))),
            model.Input.ElementType);

        var layers = new List<LayerPlan>(model.Layers.Count);
        var names = new FieldNames(model.Type.TakenNames.Concat(Parsing.GeneratedNames.Sequential));
        var current = new LayerInput(inputType, Source: null);
        for (var index = 0; index < model.Layers.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layer = model.Layers[index];
            var result = Infer(layer.Spec, current);
            if (result.Error is { } error)
            {
                var at = model.Layers[error.ReportAt ?? index].Location;
                var diagnostic = new DiagnosticInfo(error.Descriptor, at, error.MessageArgs);
                return new AnalysisResult(ModulePlan.Inert(model.Type, new[] { diagnostic }), new[] { diagnostic }.ToEquatableArray());
            }

            var output = result.Output!;
            layers.Add(new LayerPlan(names.Next(layer.Spec.FieldBaseName), layer.Spec, current.Type, output));
            current = new LayerInput(output, SourceAfter(layer.Spec, index, current));
        }

        var masked = MaskPropagation.Apply(layers);
        var plan = new ModulePlan(model.Type, inputType, masked.ToEquatableArray(), model.Training, IsInert: false, model.Initializer, LossReadsLogits(model.Training, masked));
        var warnings = new List<DiagnosticInfo>();
        if (MaskPropagation.CheckRead(masked) is { } unreadMask)
        {
            warnings.Add(new DiagnosticInfo(unreadMask.Descriptor, model.Layers[unreadMask.ReportAt!.Value].Location, unreadMask.MessageArgs));
        }

        if (LossOutputRule.Check(model.Training, layers[layers.Count - 1].Output, FinalActivation(layers)) is not { } lossError)
        {
            return new AnalysisResult(plan, warnings.ToEquatableArray());
        }

        var lossDiagnostic = new DiagnosticInfo(lossError.Descriptor, model.TrainingLocation, lossError.MessageArgs);
        var isError = lossError.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error;
        return new AnalysisResult(isError ? ModulePlan.Inert(model.Type, new[] { lossDiagnostic }) : plan, warnings.Append(lossDiagnostic).ToEquatableArray());
    }

    /// <summary>tf.keras computes a crossentropy from the logits of a final sigmoid or softmax; so does the generated training.</summary>
    private static bool LossReadsLogits(TrainingSpec training, IReadOnlyList<LayerPlan> layers) =>
        LogitsRule.ReadsLogits(training, layers[layers.Count - 1].Spec) is not null;

    /// <summary>The activation the model's output passes through last, and the layer that applies it; Dropout passes it on.</summary>
    private static FinalActivation FinalActivation(IReadOnlyList<LayerPlan> layers)
    {
        for (var index = layers.Count - 1; index >= 0; index--)
        {
            var spec = layers[index].Spec;
            if (spec.LayerKind.OutputActivation(spec) is { } activation)
            {
                return new FinalActivation(activation, spec);
            }
        }

        return new FinalActivation(Activation.Linear, layers[layers.Count - 1].Spec);
    }

    /// <summary>One layer's output for <paramref name="input"/>, by that layer's shape rule.</summary>
    public static ShapeResult Infer(LayerSpec layer, LayerInput input) => layer.LayerKind.Infer(layer, new[] { input });

    /// <summary>A recurrent layer's output stays "its" output through shape-keeping layers, so a stacking mistake is reported at it.</summary>
    private static RecurrentSource? SourceAfter(LayerSpec layer, int index, LayerInput input) => layer.LayerKind.SourceAfter(layer, index, input);

    /// <summary>Keras's layer naming: <c>lstm</c>, <c>lstm_1</c>, <c>lstm_2</c>, skipping names the class already uses.</summary>
    private sealed class FieldNames
    {
        private readonly HashSet<string> _taken;

        public FieldNames(IEnumerable<string> taken) => _taken = new HashSet<string>(taken);

        public string Next(string baseName)
        {
            var name = baseName;
            for (var count = 1; !_taken.Add(name); count++)
            {
                name = $"{baseName}_{count}";
            }

            return name;
        }
    }
}
