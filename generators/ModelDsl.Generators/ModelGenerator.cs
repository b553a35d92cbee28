using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Emit;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators;

/// <summary>
/// The pipeline, one stage per folder: <c>Parsing</c> (attributes to values: a stack and a graph model both become a
/// <see cref="ModelDeclaration"/>), <c>Shapes</c> (symbolic shape inference through the forward pass and the plan to
/// emit), <c>Emit</c> (C# text); <c>Layers</c> holds what each layer kind contributes to every stage. Source and
/// diagnostics leave through separate outputs, so a changed diagnostic never regenerates source and vice versa.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for the caching tests.</summary>
    public static class Steps
    {
        /// <summary>Attributes (and a graph model's <c>[Forward]</c> method) read into a declaration.</summary>
        public const string Parse = "ModelDsl.Parse";

        /// <summary>Shapes inferred through the forward pass; plan and diagnostics produced.</summary>
        public const string Analyze = "ModelDsl.Analyze";

        /// <summary>The location-free plan the emitter consumes.</summary>
        public const string Plan = "ModelDsl.Plan";

        /// <summary>The diagnostics to report.</summary>
        public const string Diagnostics = "ModelDsl.Diagnostics";
    }

    private static readonly string Version = typeof(ModelGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var analyzed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                typeof(ModelAttribute).FullName!,
                predicate: static (node, _) => IsClassOrRecord(node),
                // A class with a [Forward] method is a graph model; any other is a stack, which becomes the same graph: a straight line of layer calls.
                transform: static (context, cancellationToken) =>
                {
                    var (name, location) = GeneratorGuard.Target(context);
                    return GeneratorGuard.Run(
                        () => GraphParser.IsGraphModel(context.TargetSymbol) ? GraphParser.Parse(context, cancellationToken) : ModelParser.Parse(context, cancellationToken),
                        failure => new ParseResult(null, null, new[] { failure }.ToEquatableArray()),
                        name,
                        location);
                })
            .Where(static parsed => parsed is not null)
            .WithTrackingName(Steps.Parse)
            .Select(static (parsed, cancellationToken) => GeneratorGuard.Run(
                () => ModelInference.Analyze(parsed!, cancellationToken),
                failure => new AnalysisResult(null, parsed!.Diagnostics.Append(failure).ToEquatableArray()),
                parsed!.Shell?.Type.Name ?? "the model",
                parsed.ClassLocation))
            .WithTrackingName(Steps.Analyze);

        var plans = analyzed
            .Select(static (result, _) => result.Plan)
            .Where(static plan => plan is not null)
            .WithTrackingName(Steps.Plan);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            GeneratorGuard.AddSource(output, plan!.Shell.Type, () => ModelEmitter.Emit(plan, Version)));

        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) => Report(output, diagnostics));
    }

    /// <summary>[Model] applies to classes; records are classes too, and are reported (MDSL0009) rather than skipped.</summary>
    private static bool IsClassOrRecord(SyntaxNode node) => node is ClassDeclarationSyntax or RecordDeclarationSyntax;

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
