using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators;

/// <summary>
/// Every stage runs inside this guard: an unexpected exception becomes one MDSL0008 error naming the model, at its
/// class name, instead of escaping to the compiler (CS8785), which would drop the code of every model in the project.
/// Cancellation still propagates.
/// </summary>
internal static class GeneratorGuard
{
    public static T Run<T>(Func<T> stage, Func<DiagnosticInfo, T> onFailure, string modelName, Location? location)
    {
        try
        {
            return stage();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return onFailure(Failure(modelName, location, exception));
        }
    }

    /// <summary>The class a transform runs on, for a failure reported before anything was parsed.</summary>
    public static (string Name, Location? Location) Target(GeneratorAttributeSyntaxContext context) =>
        (context.TargetSymbol.Name, (context.TargetNode as BaseTypeDeclarationSyntax)?.Identifier.GetLocation() ?? context.TargetNode.GetLocation());

    public static DiagnosticInfo Failure(string modelName, Location? location, Exception exception) =>
        DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, location, modelName, exception.GetType().Name, FirstLine(exception.Message));

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(new[] { '\r', '\n' });
        return end < 0 ? message : message.Substring(0, end);
    }

    /// <summary>Writes one generated file; a failure is reported (without a source location: the plan holds none) instead of thrown.</summary>
    public static void AddSource(SourceProductionContext output, ModelType type, Func<string> emit)
    {
        try
        {
            output.AddSource(type.HintName, Microsoft.CodeAnalysis.Text.SourceText.From(emit(), System.Text.Encoding.UTF8));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(Failure(type.Name, Location.None, exception).ToDiagnostic());
        }
    }
}
