using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ModelDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Applies a code fix to a diagnostic the way the IDE and <c>dotnet format</c> do, but with the diagnostics the
/// generator reports. Roslyn's code-fix test framework drives a <c>DiagnosticAnalyzer</c>, and MDSL diagnostics
/// come from the source generator, so this runs the generator (GeneratorDriver) over a document in an
/// <see cref="AdhocWorkspace"/>, hands the fix a <see cref="CodeFixContext"/> with the reported diagnostic, applies
/// the resulting <see cref="ApplyChangesOperation"/> and returns the document's new text.
/// </summary>
internal static class CodeFixHarness
{
    /// <summary>
    /// Fixes the single <paramref name="diagnosticId"/> in <paramref name="source"/> with <paramref name="fix"/>
    /// (which must offer exactly one action), then checks the diagnostic is gone after the fix.
    /// </summary>
    public static async Task<string> Apply(string source, string diagnosticId, CodeFixProvider fix)
    {
        Assert.Contains(diagnosticId, fix.FixableDiagnosticIds);
        var document = CreateDocument(source);
        var diagnostic = Assert.Single(await Diagnostics(document, diagnosticId));

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);

        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = Assert.IsType<ApplyChangesOperation>(Assert.Single(operations));
        var fixedDocument = apply.ChangedSolution.GetDocument(document.Id)!;

        Assert.Empty(await Diagnostics(fixedDocument, diagnosticId));
        return (await fixedDocument.GetTextAsync()).ToString();
    }

    /// <summary>What the fix offers for the single <paramref name="diagnosticId"/> in <paramref name="source"/>.</summary>
    public static async Task<IReadOnlyList<CodeAction>> Offered(string source, string diagnosticId, CodeFixProvider fix)
    {
        var document = CreateDocument(source);
        var diagnostic = Assert.Single(await Diagnostics(document, diagnosticId));
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "ModelsUnderTest", "ModelsUnderTest", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: GeneratorHarness.References));
        return workspace.AddDocument(project.Id, "Model0.cs", SourceText.From(source));
    }

    /// <summary>The generator's diagnostics and the compiler's (in the user's source) for the document.</summary>
    private static async Task<ImmutableArray<Diagnostic>> Diagnostics(Document document, string id)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = (await document.GetSyntaxTreeAsync())!;
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var generated);
        return generated.Concat(compilation.GetDiagnostics())
            .Where(d => d.Id == id && d.Location.SourceTree == tree)
            .ToImmutableArray();
    }
}
