using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// One applied attribute: its bound values (constants already folded, so <c>Activations.Sigmoid</c>
/// reads as <c>"sigmoid"</c>) together with its syntax, so a bad value is reported at the argument itself.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _data;

    public AttributeArguments(AttributeData data, AttributeSyntax syntax)
    {
        _data = data;
        Syntax = syntax;
    }

    public AttributeSyntax Syntax { get; }

    /// <summary>The attribute's type.</summary>
    public INamedTypeSymbol? Class => _data.AttributeClass;

    public string Name => _data.AttributeClass?.Name is { } name && name.EndsWith("Attribute") ? name.Substring(0, name.Length - "Attribute".Length) : "?";

    public Location? Location => Syntax.GetLocation();

    /// <summary>Whether the compiler could bind the arguments; when not, it has already reported why.</summary>
    public bool IsBound => _data.AttributeConstructor is not null && !_data.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error);

    /// <summary>Whether this is an application of <paramref name="attribute"/>.</summary>
    public bool Is(System.Type attribute) => AttributeTypes.Is(_data.AttributeClass, attribute);

    /// <summary>Whether this is one of the recurrent layers (<see cref="RecurrentAttribute"/>'s subclasses), the kind <c>[Bidirectional]</c> wraps.</summary>
    public bool IsRecurrent => AttributeTypes.Is(_data.AttributeClass?.BaseType, typeof(RecurrentAttribute));

    public TypedConstant Constructor(int index) => _data.ConstructorArguments[index];

    /// <summary>
    /// The position of the constructor parameter that sets <paramref name="property"/> (<c>nameof(EmbeddingAttribute.InputDim)</c>
    /// is the parameter <c>inputDim</c>): positional arguments are read by position, but named after the property they set.
    /// </summary>
    public int Position(string property)
    {
        var parameters = _data.AttributeConstructor?.Parameters ?? default;
        for (var i = 0; !parameters.IsDefault && i < parameters.Length; i++)
        {
            if (string.Equals(parameters[i].Name, property, System.StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new System.InvalidOperationException($"[{Name}] has no constructor parameter for {property}.");
    }

    /// <summary>The constructor argument that sets <paramref name="property"/>.</summary>
    public TypedConstant Constructor(string property) => Constructor(Position(property));

    /// <summary>The <c>int</c> constructor argument that sets <paramref name="property"/>.</summary>
    public int Int(string property) => Int(Position(property));

    public bool TryGetNamed(string name, out TypedConstant value)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name)
            {
                value = pair.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public int Int(int index) => Constructor(index).Value is int value ? value : 0;

    public bool Bool(string name, bool defaultValue) => TryGetNamed(name, out var value) && value.Value is bool b ? b : defaultValue;

    /// <summary>Location of constructor argument <paramref name="index"/> (matched by position or by <c>name:</c>).</summary>
    public Location? ConstructorArgumentLocation(int index)
    {
        var parameterName = _data.AttributeConstructor?.Parameters.ElementAtOrDefault(index)?.Name;
        var arguments = Syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList();
        if (arguments is null)
        {
            return Location;
        }

        var named = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameterName);
        var argument = named ?? (index < arguments.Count && arguments[index].NameColon is null ? arguments[index] : null);
        return argument?.GetLocation() ?? Location;
    }

    /// <summary>Location of the <paramref name="position"/>-th positional argument (an element of a <c>params</c> array), or of the attribute.</summary>
    public Location? PositionalArgumentLocation(int position)
    {
        var arguments = Syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        return arguments is not null && position < arguments.Count ? arguments[position].GetLocation() : Location;
    }

    /// <summary>Location of the <c>Name = value</c> argument, or of the attribute when it is absent.</summary>
    public Location? NamedArgumentLocation(string name)
    {
        var argument = Syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument?.GetLocation() ?? Location;
    }
}
