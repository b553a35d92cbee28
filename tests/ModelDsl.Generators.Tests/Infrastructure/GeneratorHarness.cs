using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelDsl.Generators;
using Xunit;

namespace ModelDsl.Generators.Tests.Infrastructure;

/// <summary>What one generator run produced, after the harness proved the run caches.</summary>
internal sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<GeneratedSourceResult> Sources,
    GeneratorDriver Driver)
{
    /// <summary>The single generated file's text.</summary>
    public string Source => Assert.Single(Sources).SourceText.ToString();

    /// <summary>Errors in the compilation including generated code, other than the generator's own diagnostics.</summary>
    public IEnumerable<Diagnostic> CompilerErrors =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("MDSL", StringComparison.Ordinal));
}

/// <summary>
/// Runs <see cref="ModelGenerator"/> in memory over sources compiled against .NET 10 reference
/// assemblies (Basic.Reference.Assemblies, so the test host does not matter) plus ModelDsl and TorchSharp.
/// Every run is repeated on a cloned compilation to prove each pipeline step is cached and that no
/// step holds a compilation, symbol or syntax node.
/// </summary>
internal static class GeneratorHarness
{
    internal static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    internal static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(ModelAttribute).Assembly.Location)) // ModelDsl.Abstractions
        .Append(MetadataReference.CreateFromFile(typeof(Ops).Assembly.Location)) // the runtime
        .Append(MetadataReference.CreateFromFile(typeof(Cli.ModelCommandLine).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .ToImmutableArray();

    /// <summary>What an app referencing only the runtime package compiles against: no ModelDsl.Cli.</summary>
    internal static readonly ImmutableArray<MetadataReference> ReferencesWithoutCommandLine = References
        .Where(r => !string.Equals(System.IO.Path.GetFileName(r.Display), "ModelDsl.Cli.dll", System.StringComparison.Ordinal))
        .ToImmutableArray();

    private static readonly string[] TrackedSteps =
    {
        ModelGenerator.Steps.Parse, ModelGenerator.Steps.Analyze, ModelGenerator.Steps.Plan, ModelGenerator.Steps.Diagnostics,
    };

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "ModelsUnderTest",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs", encoding: Encoding.UTF8)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Runs the generator on <paramref name="sources"/> and checks that a second run on a clone is fully cached.</summary>
    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var run = RunOn(CreateDriver(), compilation);
        AssertNoForbiddenObjects(run.Driver.GetRunResult());
        var again = run.Driver.RunGenerators(compilation.Clone()).GetRunResult();
        AssertStepsCached(again);
        return run;
    }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun RunOn(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);
        // A descriptor given the wrong number of arguments prints its raw format ("{0} expects ..."): never ship that.
        Assert.DoesNotContain(diagnostics, d => System.Text.RegularExpressions.Regex.IsMatch(
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), @"\{\d+\}"));
        return new GeneratorRun(compilation, output, diagnostics, result.GeneratedSources, driver);
    }

    /// <summary>Every tracked step and every source output reused its previous result.</summary>
    public static void AssertStepsCached(GeneratorDriverRunResult runResult)
    {
        var result = Assert.Single(runResult.Results);
        foreach (var name in TrackedSteps)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var steps))
            {
                continue;
            }

            foreach (var output in steps.SelectMany(s => s.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} ran again ({output.Reason}) on unchanged input");
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason);
        }
    }

    /// <summary>Walks every tracked step's output for objects that would keep a compilation alive or defeat equality.</summary>
    public static void AssertNoForbiddenObjects(GeneratorDriverRunResult runResult)
    {
        var result = Assert.Single(runResult.Results);
        foreach (var pair in result.TrackedSteps.Where(p => TrackedSteps.Contains(p.Key)))
        {
            foreach (var output in pair.Value.SelectMany(s => s.Outputs))
            {
                Walk(output.Value, pair.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void Walk(object? node, string path, HashSet<object> seen)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !seen.Add(node))
        {
            return;
        }

        Assert.False(node is Compilation, $"{path} holds a Compilation");
        Assert.False(node is ISymbol, $"{path} holds a symbol");
        Assert.False(node is SyntaxNode, $"{path} holds a syntax node");
        if (node is Location or DiagnosticDescriptor)
        {
            return; // Diagnostics carry real locations on purpose (see DiagnosticInfo).
        }

        if (node is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                Walk(item, path + "[]", seen);
            }

            return;
        }

        foreach (var field in node.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(node), $"{path}.{field.Name}", seen);
        }
    }
}
