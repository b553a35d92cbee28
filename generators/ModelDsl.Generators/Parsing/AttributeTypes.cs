using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// The attribute types of ModelDsl.Abstractions as the compiler sees them. The generator compiles against those very
/// types, so a renamed attribute is a compile error here rather than a model that is silently skipped.
/// </summary>
internal static class AttributeTypes
{
    /// <summary>The attribute as written in source, without the <c>Attribute</c> suffix: <c>LSTM</c> for <see cref="LSTMAttribute"/>.</summary>
    public static string ShortName(Type attribute) =>
        attribute.Name.EndsWith("Attribute", StringComparison.Ordinal) ? attribute.Name.Substring(0, attribute.Name.Length - "Attribute".Length) : attribute.Name;

    /// <summary>Whether <paramref name="attributeClass"/> is <paramref name="attribute"/> (same namespace and name).</summary>
    public static bool Is(INamedTypeSymbol? attributeClass, Type attribute) =>
        attributeClass is not null && attributeClass.Name == attribute.Name && attributeClass.ContainingType is null &&
        attributeClass.ContainingNamespace.ToDisplayString() == attribute.Namespace;

    /// <summary>Whether <paramref name="attributeClass"/> is one of <paramref name="attributes"/>.</summary>
    public static bool IsAny(INamedTypeSymbol? attributeClass, IEnumerable<Type> attributes) => attributes.Any(a => Is(attributeClass, a));
}
