using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>The generator's layout rules (CONVENTIONS.md, issue 12), checked on its source.</summary>
public sealed class GeneratorLayoutTests
{
    /// <summary>Shapes/ and Emit/ take what Parsing/ produced (Model/ values) and never call back into it.</summary>
    [Theory]
    [InlineData("Shapes")]
    [InlineData("Emit")]
    public void LaterStages_DoNotReferenceParsing(string stage)
    {
        var offenders = SourceFiles(stage)
            .SelectMany(file => Tree(file).DescendantNodes()
                .Where(n => n is UsingDirectiveSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax)
                .Where(n => n.ToString().Contains("Parsing", StringComparison.Ordinal))
                .Select(n => $"{Path.GetFileName(file)}: {n}"))
            .ToList();

        Assert.True(offenders.Count == 0, $"{stage}/ reaches back into Parsing/:\n" + string.Join("\n", offenders));
    }

    /// <summary>A file over ~400 lines says at its top why it is not split.</summary>
    [Fact]
    public void NoSourceFileOver400Lines_WithoutAReasonAtItsTop()
    {
        var offenders = SourceFiles("")
            .Where(file => File.ReadAllLines(file) is var lines && lines.Length > 400 && !lines.Take(20).Any(l => l.Contains("Why this file is long", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.True(offenders.Count == 0, "Over 400 lines without a reason: " + string.Join(", ", offenders));
    }

    private static Microsoft.CodeAnalysis.SyntaxNode Tree(string file) => CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();

    private static IEnumerable<string> SourceFiles(string folder)
    {
        var root = Path.Combine(RepositoryRoot(), "generators", "ModelDsl.Generators");
        return Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Replace('\\', '/').StartsWith("obj/", StringComparison.Ordinal)
                     && !Path.GetRelativePath(root, f).Replace('\\', '/').StartsWith("bin/", StringComparison.Ordinal));
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
