using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Emit;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Parsing;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators;

/// <summary>
/// The pipeline, one stage per folder: <c>Parsing</c> (attributes to values), <c>Shapes</c> (symbolic
/// shape inference and the plan to emit), <c>Emit</c> (C# text). Source and diagnostics leave through
/// separate outputs, so a changed diagnostic never regenerates source and vice versa.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for the caching tests.</summary>
    public static class Steps
    {
        /// <summary>Attributes read into a declaration.</summary>
        public const string Parse = "ModelDsl.Parse";

        /// <summary>Shapes inferred; plan and diagnostics produced.</summary>
        public const string Analyze = "ModelDsl.Analyze";

        /// <summary>The location-free plan the emitter consumes.</summary>
        public const string Plan = "ModelDsl.Plan";

        /// <summary>The diagnostics to report.</summary>
        public const string Diagnostics = "ModelDsl.Diagnostics";

        /// <summary>A graph model (one with a <c>[Forward]</c> method) read into a declaration.</summary>
        public const string GraphParse = "ModelDsl.Graph.Parse";

        /// <summary>Shapes inferred through the <c>[Forward]</c> method; plan and diagnostics produced.</summary>
        public const string GraphAnalyze = "ModelDsl.Graph.Analyze";

        /// <summary>The location-free graph plan the emitter consumes.</summary>
        public const string GraphPlan = "ModelDsl.Graph.Plan";

        /// <summary>The graph model's diagnostics to report.</summary>
        public const string GraphDiagnostics = "ModelDsl.Graph.Diagnostics";
    }

    private static readonly string Version = typeof(ModelGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var analyzed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                typeof(ModelAttribute).FullName!,
                predicate: static (node, _) => IsClassOrRecord(node),
                // A class with a [Forward] method is a graph model, left to the graph pipeline below.
                transform: static (context, cancellationToken) =>
                {
                    var (name, location) = GeneratorGuard.Target(context);
                    return GeneratorGuard.Run(
                        () => GraphParser.IsGraphModel(context.TargetSymbol) ? null : ModelParser.Parse(context, cancellationToken),
                        failure => new ParseResult(null, null, new[] { failure }.ToEquatableArray()),
                        name,
                        location);
                })
            .WithTrackingName(Steps.Parse)
            .Where(static parsed => parsed is not null)
            .Select(static (parsed, cancellationToken) => GeneratorGuard.Run(
                () => ShapeInference.Analyze(parsed!, cancellationToken),
                failure => new AnalysisResult(null, parsed!.Diagnostics.Append(failure).ToEquatableArray()),
                parsed!.Type?.Name ?? "the model",
                parsed.ClassLocation))
            .WithTrackingName(Steps.Analyze);

        var plans = analyzed
            .Select(static (result, _) => result.Plan)
            .Where(static plan => plan is not null)
            .WithTrackingName(Steps.Plan);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            GeneratorGuard.AddSource(output, plan!.Type, () => ModuleEmitter.Emit(plan, Version)));

        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) => Report(output, diagnostics));

        InitializeGraphModels(context);
    }

    /// <summary>
    /// Graph models: the same stages, with the <c>[Forward]</c> method's body followed for shapes. Its parse gives
    /// <c>null</c> for sequential models (unless they carry layer properties, which nothing would call).
    /// </summary>
    private static void InitializeGraphModels(IncrementalGeneratorInitializationContext context)
    {
        var analyzed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                typeof(ModelAttribute).FullName!,
                predicate: static (node, _) => IsClassOrRecord(node),
                transform: static (context, cancellationToken) =>
                {
                    var (name, location) = GeneratorGuard.Target(context);
                    return GeneratorGuard.Run(
                        () => GraphParser.Parse(context, cancellationToken),
                        failure => new GraphParseResult(null, null, new[] { failure }.ToEquatableArray()),
                        name,
                        location);
                })
            .Where(static parsed => parsed is not null)
            .WithTrackingName(Steps.GraphParse)
            .Select(static (parsed, cancellationToken) => GeneratorGuard.Run(
                () => GraphInference.Analyze(parsed!, cancellationToken),
                failure => new GraphAnalysisResult(null, parsed!.Diagnostics.Append(failure).ToEquatableArray()),
                parsed!.Shell?.Type.Name ?? "the model",
                parsed.ClassLocation))
            .WithTrackingName(Steps.GraphAnalyze);

        var plans = analyzed
            .Select(static (result, _) => result.Plan)
            .Where(static plan => plan is not null)
            .WithTrackingName(Steps.GraphPlan);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            GeneratorGuard.AddSource(output, plan!.Shell.Type, () => GraphEmitter.Emit(plan, Version)));

        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(Steps.GraphDiagnostics);

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
