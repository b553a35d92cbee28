using System;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelDsl.CodeFixes;

/// <summary>Recognises ModelDsl attributes by how they are written, since a code fix works on syntax first.</summary>
internal static class SyntaxNames
{
    /// <summary>The attribute's simple name without the <c>Attribute</c> suffix (<c>ModelDsl.LSTMAttribute</c> → <c>LSTM</c>).</summary>
    public static string Simple(NameSyntax name)
    {
        var text = name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => name.ToString(),
        };
        return text.EndsWith("Attribute", StringComparison.Ordinal) ? text.Substring(0, text.Length - "Attribute".Length) : text;
    }

    public static bool IsRecurrent(NameSyntax name) => Simple(name) is "LSTM" or "GRU" or "SimpleRNN";

    /// <summary>Whether the class carries <c>[Model]</c> on this declaration or any other partial declaration in the same file.</summary>
    public static bool HasModelAttribute(TypeDeclarationSyntax type) =>
        type.AttributeLists.SelectMany(l => l.Attributes).Any(a => Simple(a.Name) == "Model");
}
