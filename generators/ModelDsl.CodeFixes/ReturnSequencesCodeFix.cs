using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelDsl.CodeFixes;

/// <summary>MDSL0101: sets <c>ReturnSequences = true</c> on the recurrent layer that feeds another one.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnSequencesCodeFix)), Shared]
public sealed class ReturnSequencesCodeFix : CodeFixProvider
{
    internal const string DiagnosticId = "MDSL0101";
    private const string Option = "ReturnSequences";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

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
            if (RecurrentAttribute(root, diagnostic.Location.SourceSpan) is not { } attribute)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Set ReturnSequences = true",
                    ct => SetReturnSequences(context.Document, root, attribute, ct),
                    equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    /// <summary>The recurrent attribute the diagnostic is on (the generator reports at the lower layer's attribute).</summary>
    private static AttributeSyntax? RecurrentAttribute(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault()
            ?? node.DescendantNodesAndSelf().OfType<AttributeSyntax>().FirstOrDefault(a => SyntaxNames.IsRecurrent(a.Name));
    }

    private static Task<Document> SetReturnSequences(Document document, SyntaxNode root, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var @true = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        var existing = arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == Option);

        AttributeArgumentListSyntax updated;
        if (existing is not null)
        {
            // ReturnSequences = false (or a constant): the layer has to return sequences whatever it says now.
            updated = arguments.ReplaceNode(existing.Expression, @true.WithTriviaFrom(existing.Expression));
        }
        else
        {
            var argument = SyntaxFactory.ParseAttributeArgumentList($"({Option} = true)")!.Arguments[0];
            var separators = arguments.Arguments.GetSeparators().ToList();
            if (arguments.Arguments.Count > 0)
            {
                separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            updated = arguments.WithArguments(SyntaxFactory.SeparatedList(arguments.Arguments.Add(argument), separators));
        }

        var newAttribute = attribute.WithArgumentList(updated);
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, newAttribute)));
    }
}
