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
/// Every "did you mean" diagnostic: replaces the misspelt string literal (MDSL0010) or layer attribute name (MDSL0021,
/// <c>[SimppleRNN(64)]</c>) with the suggestion, which the generator puts in the diagnostic's properties (<c>Given</c>,
/// <c>Suggestion</c>) so the fix does not parse the message.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DidYouMeanCodeFix)), Shared]
public sealed class DidYouMeanCodeFix : CodeFixProvider
{
    internal const string DiagnosticId = "MDSL0010";

    internal const string UnknownLayerAttributeId = "MDSL0021";

    // The same keys as ModelDsl.Generators.Model.DiagnosticInfo.GivenProperty / SuggestionProperty.
    internal const string GivenProperty = "Given";
    internal const string SuggestionProperty = "Suggestion";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId, UnknownLayerAttributeId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(GivenProperty, out var given) || given is null
                || !diagnostic.Properties.TryGetValue(SuggestionProperty, out var suggestion) || suggestion is null)
            {
                continue; // Nothing close enough was found: no suggestion to apply.
            }

            if (diagnostic.Id == UnknownLayerAttributeId)
            {
                RegisterAttributeRename(context, root, diagnostic, given, suggestion);
                continue;
            }

            // The location is the whole argument (Metrics = new[] { "accuracy", "auc" }): fix the one literal that is misspelt.
            // A misspelt constant elsewhere is left alone: editing its declaration could change other uses.
            var literal = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .DescendantNodesAndSelf()
                .OfType<LiteralExpressionSyntax>()
                .FirstOrDefault(l => l.IsKind(SyntaxKind.StringLiteralExpression) && l.Token.ValueText == given);
            if (literal is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use '{suggestion}'",
                    _ =>
                    {
                        var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggestion))
                            .WithTriviaFrom(literal);
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement)));
                    },
                    equivalenceKey: $"{DiagnosticId}:{suggestion}"),
                diagnostic);
        }
    }

    /// <summary><c>[SimppleRNN(64)]</c> -> <c>[SimpleRNN(64)]</c>: the attribute's name, as written (with or without the <c>Attribute</c> suffix).</summary>
    private static void RegisterAttributeRename(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, string given, string suggestion)
    {
        var attribute = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
        if (attribute?.Name is not IdentifierNameSyntax name ||
            (name.Identifier.ValueText != given && name.Identifier.ValueText != given + "Attribute"))
        {
            return;
        }

        var replacement = name.Identifier.ValueText == given ? suggestion : suggestion + "Attribute";
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Use [{suggestion}]",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(
                    root.ReplaceNode(name, SyntaxFactory.IdentifierName(replacement).WithTriviaFrom(name)))),
                equivalenceKey: $"{UnknownLayerAttributeId}:{suggestion}"),
            diagnostic);
    }
}
