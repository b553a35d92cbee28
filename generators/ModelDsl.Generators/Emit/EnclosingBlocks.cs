using System;
using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Emit;

/// <summary>The namespace and enclosing types a model class is reopened in, each name escaped where it is a keyword.</summary>
internal sealed class EnclosingBlocks : IDisposable
{
    private readonly Stack<IndentedTextWriter.Block> _blocks = new();

    public EnclosingBlocks(IndentedTextWriter writer, ModelType type)
    {
        if (type.Namespace is { } ns)
        {
            _blocks.Push(writer.Open($"namespace {CSharpName.EscapeNamespace(ns)}"));
        }

        foreach (var containing in type.ContainingTypes)
        {
            var typeParameters = containing.TypeParameters.Count == 0 ? "" : $"<{string.Join(", ", containing.TypeParameters.Select(CSharpName.Escape))}>";
            _blocks.Push(writer.Open($"partial {containing.Keyword} {CSharpName.Escape(containing.Name)}{typeParameters}"));
        }
    }

    public void Dispose()
    {
        while (_blocks.Count > 0)
        {
            _blocks.Pop().Dispose();
        }
    }
}
