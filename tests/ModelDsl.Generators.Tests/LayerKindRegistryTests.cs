using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Layers;
using ModelDsl.Generators.Model;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// The layer kinds are the generator's only per-layer knowledge: every kind is registered, every spec record and every
/// layer attribute belongs to exactly one registered kind, and no code outside <c>Layers/</c> tests for a layer kind.
/// (A kind that leaves a part out does not compile: every part of <see cref="LayerKind"/> is abstract.)
/// </summary>
public sealed class LayerKindRegistryTests
{
    private static readonly Type[] GeneratorTypes = typeof(LayerKind).Assembly.GetTypes();

    private static readonly Type[] NotLayers = { typeof(ModelAttribute), typeof(InputAttribute), typeof(ForwardAttribute) };

    [Fact]
    public void EveryLayerKind_IsRegistered_Once()
    {
        var kinds = GeneratorTypes.Where(t => typeof(LayerKind).IsAssignableFrom(t) && !t.IsAbstract).ToList();

        Assert.NotEmpty(kinds);
        Assert.Equal(kinds.OrderBy(k => k.Name), LayerKinds.All.Select(k => k.GetType()).OrderBy(k => k.Name));
        Assert.Equal(LayerKinds.All.Count, LayerKinds.All.Distinct().Count());
    }

    [Fact]
    public void EverySpecRecord_BelongsToTheRegisteredKindThatReadsIt()
    {
        var specs = GeneratorTypes.Where(t => typeof(LayerSpec).IsAssignableFrom(t) && !t.IsAbstract).ToList();

        Assert.Equal(specs.OrderBy(s => s.Name), LayerKinds.All.Select(k => k.SpecType).OrderBy(s => s.Name));
        foreach (var kind in LayerKinds.All)
        {
            // The spec's LayerKind property points back at its kind.
            var property = kind.SpecType.GetProperty(nameof(LayerSpec.LayerKind))!;
            var instance = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(kind.SpecType);
            Assert.Same(kind, property.GetValue(instance));
        }
    }

    [Fact]
    public void EveryLayerAttribute_IsDeclaredByExactlyOneKind()
    {
        var attributes = typeof(ModelAttribute).Assembly.GetExportedTypes()
            .Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract && !NotLayers.Contains(t))
            .OrderBy(t => t.Name)
            .ToList();

        Assert.Equal(attributes, LayerKinds.Attributes.OrderBy(t => t.Name));
        Assert.Equal(LayerKinds.Attributes.Count, LayerKinds.Attributes.Distinct().Count());
    }

    /// <summary>Per-layer knowledge outside the kind files would be a second place to change when a layer is added.</summary>
    [Fact]
    public void NoCodeOutsideTheKindFiles_MatchesOnALayerSpec()
    {
        var specNames = new HashSet<string>(LayerKinds.All.Select(k => k.SpecType.Name));
        var root = Path.Combine(RepositoryRoot(), "generators", "ModelDsl.Generators");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith("Layers/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            foreach (var pattern in tree.GetRoot().DescendantNodes().Where(n => n is PatternSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression } or GenericNameSyntax))
            {
                var named = pattern.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Select(n => n.Identifier.ValueText).Where(specNames.Contains).ToList();
                if (pattern is GenericNameSyntax generic && generic.Identifier.ValueText != "OfType")
                {
                    continue;
                }

                if (named.Count > 0)
                {
                    offenders.Add($"{relative}:{pattern.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {pattern}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Type tests over layer specs outside Layers/:\n" + string.Join("\n", offenders));
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
