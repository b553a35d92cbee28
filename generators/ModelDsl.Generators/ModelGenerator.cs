using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
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
                "ModelDsl.ModelAttribute",
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                // A class with a [Forward] method is a graph model, left to the graph pipeline below.
                transform: static (context, cancellationToken) => GraphParser.IsGraphModel(context.TargetSymbol) ? null : ModelParser.Parse(context, cancellationToken))
            .WithTrackingName(Steps.Parse)
            .Where(static parsed => parsed is not null)
            .Select(static (parsed, cancellationToken) => ShapeInference.Analyze(parsed!, cancellationToken))
            .WithTrackingName(Steps.Analyze);

        var plans = analyzed
            .Select(static (result, _) => result.Plan)
            .Where(static plan => plan is not null)
            .WithTrackingName(Steps.Plan);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            output.AddSource(ModuleEmitter.HintName(plan!.Type), SourceText.From(ModuleEmitter.Emit(plan, Version), System.Text.Encoding.UTF8)));

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
                "ModelDsl.ModelAttribute",
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: GraphParser.Parse)
            .Where(static parsed => parsed is not null)
            .WithTrackingName(Steps.GraphParse)
            .Select(static (parsed, cancellationToken) => GraphInference.Analyze(parsed!, cancellationToken))
            .WithTrackingName(Steps.GraphAnalyze);

        var plans = analyzed
            .Select(static (result, _) => result.Plan)
            .Where(static plan => plan is not null)
            .WithTrackingName(Steps.GraphPlan);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            output.AddSource(ModuleEmitter.HintName(plan!.Shell.Type), SourceText.From(GraphEmitter.Emit(plan, Version), System.Text.Encoding.UTF8)));

        var diagnostics = analyzed
            .Select(static (result, _) => result.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(Steps.GraphDiagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) => Report(output, diagnostics));
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
