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

/// <summary>MDSL0209: inserts <c>[Flatten]</c> before the last layer of a stack that outputs one value per step for a per-example loss.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FlattenCodeFix)), Shared]
public sealed class FlattenCodeFix : CodeFixProvider
{
    internal const string DiagnosticId = "MDSL0209";

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
            // Only a stack's layer attribute on the class: a graph model's [Forward] body has no place for an attribute.
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.AncestorsAndSelf().OfType<AttributeListSyntax>().FirstOrDefault() is not { Parent: ClassDeclarationSyntax } list)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Add [Flatten] before the last layer", ct => InsertFlatten(context.Document, root, list, ct), equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    private static Task<Document> InsertFlatten(Document document, SyntaxNode root, AttributeListSyntax lastLayer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var @class = (ClassDeclarationSyntax)lastLayer.Parent!;

        // The new list takes the last layer's indentation and line break, so it reads as one more line of the stack.
        var flatten = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Flatten"))))
            .WithLeadingTrivia(lastLayer.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        var index = @class.AttributeLists.IndexOf(lastLayer);
        var updated = @class.WithAttributeLists(@class.AttributeLists.Insert(index, flatten));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(@class, updated)));
    }
}
