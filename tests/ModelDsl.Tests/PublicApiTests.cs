using System;
using System.Linq;
using System.Reflection;
using System.Text;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Tests;

/// <summary>
/// The public API of each shipped assembly, pinned: users compile against it and generated code calls it, so any
/// change shows up here as a snapshot diff to review (accept with MODELDSL_ACCEPT_SNAPSHOTS=1). One snapshot per
/// assembly: ModelDsl.Abstractions (the attributes), ModelDsl (the runtime) and ModelDsl.Cli (the command line).
/// </summary>
public sealed class PublicApiTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Theory]
    [InlineData("ModelDsl.Abstractions")]
    [InlineData("ModelDsl")]
    [InlineData("ModelDsl.Cli")]
    public void PublicApi_IsUnchanged(string assemblyName)
    {
        var assembly = new[] { typeof(ModelAttribute).Assembly, typeof(Ops).Assembly, typeof(ModelDsl.Cli.ModelCommandLine).Assembly }
            .Single(a => a.GetName().Name == assemblyName);
        var api = new StringBuilder();
        var types = assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            api.Append(Kind(type)).Append(' ').Append(Name(type));
            if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && !type.IsEnum)
            {
                api.Append(" : ").Append(Name(baseType));
            }

            api.Append('\n');
            foreach (var member in type.GetMembers(Declared).Where(IsVisible).Select(Describe).Where(d => d is not null).OrderBy(d => d, StringComparer.Ordinal))
            {
                api.Append("    ").Append(member).Append('\n');
            }
        }

        Snapshot.Match(api.ToString(), "txt", assemblyName);
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName || method is ConstructorInfo { IsPublic: true } or ConstructorInfo { IsFamily: true },
        FieldInfo field => field.IsPublic || field.IsFamily,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily),
        EventInfo => true,
        Type nested => nested.IsNestedPublic,
        _ => false,
    };

    private static string? Describe(MemberInfo member) => member switch
    {
        ConstructorInfo ctor => $"{(ctor.IsStatic ? "static " : "")}.ctor({Parameters(ctor)})",
        MethodInfo method when method.DeclaringType!.IsEnum => null,
        MethodInfo method => $"{Static(method.IsStatic)}{Name(method.ReturnType)} {method.Name}{Generic(method)}({Parameters(method)})",
        PropertyInfo property => $"{Static(property.GetAccessors(true)[0].IsStatic)}{Name(property.PropertyType)} {property.Name} {{ {Accessors(property)}}}",
        FieldInfo field when field.DeclaringType!.IsEnum => field.IsSpecialName ? null : $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}",
        FieldInfo field => $"{(field.IsLiteral ? "const " : Static(field.IsStatic))}{Name(field.FieldType)} {field.Name}{(field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : "")}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    private static string Accessors(PropertyInfo property) =>
        (property.GetMethod is { } get && (get.IsPublic || get.IsFamily) ? "get; " : "") +
        (property.SetMethod is { } set && (set.IsPublic || set.IsFamily)
            ? (set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? "init; " : "set; ")
            : "");

    private static string Static(bool isStatic) => isStatic ? "static " : "";

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p =>
            (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "") + Name(p.ParameterType) + " " + p.Name +
            (p.HasDefaultValue ? " = " + Literal(p.DefaultValue) : "")));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\t", "\\t").Replace("\n", "\\n") + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Kind(Type type) =>
        type.IsEnum ? "enum" :
        type.IsInterface ? "interface" :
        type.IsValueType ? "struct" :
        type.IsAbstract && type.IsSealed ? "static class" :
        type.IsAbstract ? "abstract class" :
        type.IsSealed ? "sealed class" : "class";

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        var name = type.IsNested && !type.IsGenericParameter ? Name(type.DeclaringType!) + "." + type.Name : type.IsGenericParameter ? type.Name : type.FullName ?? type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var bare = tick < 0 ? name : name.Substring(0, tick);
        return bare + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
