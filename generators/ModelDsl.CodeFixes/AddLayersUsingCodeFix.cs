using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelDsl.CodeFixes;

/// <summary>
/// A layer property whose type does not resolve (<c>partial Dense Output { get; }</c> without
/// <c>using ModelDsl.Layers;</c>): the compiler reports CS0246 and the generator MDSL0302 at the type. Adds the using.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddLayersUsingCodeFix)), Shared]
public sealed class AddLayersUsingCodeFix : CodeFixProvider
{
    internal const string TypeNotFound = "CS0246";
    internal const string LayerPropertyTypeMismatch = "MDSL0302";
    private const string LayersNamespace = "ModelDsl.Layers";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(TypeNotFound, LayerPropertyTypeMismatch);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || semanticModel is null || HasLayersUsing(unit))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not IdentifierNameSyntax name
                || name.Parent is not PropertyDeclarationSyntax property
                || property.Type != name
                || property.Parent is not TypeDeclarationSyntax type
                || !IsModel(type, semanticModel, context.CancellationToken)
                || semanticModel.GetTypeInfo(name, context.CancellationToken).Type is { TypeKind: not TypeKind.Error }
                || semanticModel.Compilation.GetTypeByMetadataName($"{LayersNamespace}.{name.Identifier.ValueText}") is null)
            {
                continue; // Not a layer property, or the type resolves to something (a wrong type has its own message).
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add 'using {LayersNamespace};'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(AddUsing(unit))),
                    equivalenceKey: "AddModelDslLayersUsing"),
                diagnostic);
        }
    }

    /// <summary>[Model] on this declaration, or on another partial declaration of the class.</summary>
    private static bool IsModel(TypeDeclarationSyntax type, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken) =>
        SyntaxNames.HasModelAttribute(type)
        || (semanticModel.GetDeclaredSymbol(type, cancellationToken) is { } symbol
            && symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "ModelDsl.ModelAttribute"));

    private static bool HasLayersUsing(CompilationUnitSyntax unit) =>
        unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == LayersNamespace);

    /// <summary>Inserts the using in order among the file's namespace usings, before any static or alias using.</summary>
    private static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        var usings = unit.Usings;
        var newLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";
        var directive = SyntaxFactory.ParseCompilationUnit($"using {LayersNamespace};{newLine}").Usings[0];
        if (usings.Count == 0)
        {
            // Keep a file header (comments) above the new using.
            var first = unit.Members.FirstOrDefault();
            if (first is null)
            {
                return unit.AddUsings(directive);
            }

            var withUsing = unit.ReplaceNode(first, first.WithoutLeadingTrivia());
            return withUsing.WithUsings(SyntaxFactory.SingletonList(
                directive.WithLeadingTrivia(first.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine), SyntaxFactory.EndOfLine(newLine))));
        }

        var index = usings.Count;
        for (var i = 0; i < usings.Count; i++)
        {
            // Static and alias usings conventionally come after the namespace usings.
            if (usings[i].Alias is not null || !usings[i].StaticKeyword.IsKind(SyntaxKind.None)
                || string.CompareOrdinal(usings[i].Name?.ToString(), LayersNamespace) > 0)
            {
                index = i;
                break;
            }
        }

        // Line endings follow the using it sits next to.
        var neighbour = usings[Math.Min(index, usings.Count - 1)];
        directive = directive.WithTrailingTrivia(neighbour.GetTrailingTrivia());
        if (index == 0)
        {
            // Leading trivia (a file header) stays at the top of the file.
            var header = usings[0].GetLeadingTrivia();
            usings = usings.Replace(usings[0], usings[0].WithoutLeadingTrivia());
            directive = directive.WithLeadingTrivia(header);
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }
}
