using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>Runs the generator in process on a case and compiles the result, against .NET 10 reference assemblies plus ModelDsl and TorchSharp.</summary>
public static class FuzzCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(ModelAttribute).Assembly.Location)) // ModelDsl.Abstractions
        .Append(MetadataReference.CreateFromFile(typeof(Ops).Assembly.Location)) // the runtime
        .Append(MetadataReference.CreateFromFile(typeof(Cli.ModelCommandLine).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .ToImmutableArray();

    public static FuzzResult Run(FuzzCase fuzzCase)
    {
        var compilation = CSharpCompilation.Create(
            "Fuzzed",
            fuzzCase.Sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs", encoding: Encoding.UTF8)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ModelGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("MDSL", System.StringComparison.Ordinal));
        return new FuzzResult(result.Exception, generatorDiagnostics, errors.ToImmutableArray());
    }
}
