using System.Collections.Generic;
using System.Linq;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Emit;

/// <summary>
/// The class a model with errors gets instead of its module: every member of <see cref="ModelSurface"/>, each
/// throwing one <see cref="System.InvalidOperationException"/> that names the MDSL errors. Code that uses the model
/// (<c>Fit</c>, <c>RunAsync</c>, <c>Training</c>, …) keeps compiling, so the build shows only the MDSL errors.
/// </summary>
internal static class InertClassEmitter
{
    private const string Throw = "throw new global::System.InvalidOperationException(NotGenerated)";
    private const string NotGeneratedDoc = "/// <summary>Not generated: see the MDSL diagnostics.</summary>";

    /// <param name="className">The class name as written in C#.</param>
    /// <param name="displayName">The class name as the user reads it, for the message.</param>
    /// <param name="baseList">The module base and interfaces.</param>
    /// <param name="members">The generated members, from <see cref="ModelSurface"/>.</param>
    /// <param name="partialProperties">The user's partial properties, which need an implementing part to compile.</param>
    /// <param name="errorIds">The MDSL errors that made the model inert.</param>
    public static void Write(
        IndentedTextWriter writer,
        string className,
        string displayName,
        string baseList,
        IReadOnlyList<SurfaceMember> members,
        IEnumerable<PropertyImplementation> partialProperties,
        EquatableArray<string> errorIds,
        string generatorVersion)
    {
        writer.WriteLine($"/// <summary>Not generated: the declaration has errors ({Ids(errorIds)}). Every member throws.</summary>");
        writer.WriteLine($"[global::System.CodeDom.Compiler.GeneratedCode(\"ModelDsl\", \"{generatorVersion}\")]");
        using (writer.Open($"partial class {className} : {baseList}"))
        {
            writer.WriteLine($"private const string NotGenerated = \"{Message(displayName, errorIds)}\";");
            foreach (var member in members)
            {
                writer.WriteLine();
                writer.WriteLine(NotGeneratedDoc);
                WriteMember(writer, member);
            }

            foreach (var property in partialProperties)
            {
                var declaration = $"{(property.Modifiers.Length == 0 ? "" : property.Modifiers + " ")}partial {property.TypeName} {CSharpName.Escape(property.Name)}";
                var accessors = property.Accessors.Count == 1 && property.Accessors[0] == "get"
                    ? $" => {Throw};"
                    : $" {{ {string.Join(" ", property.Accessors.Select(a => $"{a} => {Throw};"))} }}";
                writer.WriteLine();
                writer.WriteLine(NotGeneratedDoc);
                writer.WriteLine(declaration + accessors);
            }
        }
    }

    /// <summary>The exception's message: which model, which errors, what to do.</summary>
    public static string Message(string displayName, EquatableArray<string> errorIds) => errorIds.Count == 0
        ? $"{displayName} has errors the compiler reported in its declaration, so ModelDsl did not generate its module; fix them and rebuild."
        : $"{displayName} has ModelDsl errors ({Ids(errorIds)}), so ModelDsl did not generate its module; fix the declaration where the build reports them and rebuild.";

    private static string Ids(EquatableArray<string> errorIds) => errorIds.Count == 0 ? "compiler errors" : string.Join(", ", errorIds);

    private static void WriteMember(IndentedTextWriter writer, SurfaceMember member)
    {
        for (var i = 0; i < member.Declaration.Count - 1; i++)
        {
            writer.WriteLine(member.Declaration[i]);
        }

        var last = member.Declaration[member.Declaration.Count - 1];
        if (member.Kind == SurfaceMemberKind.Constructor)
        {
            writer.WriteLine(last);
            writer.WriteLine($"    : base(nameof({member.ClassName})) => {Throw};");
        }
        else
        {
            writer.WriteLine($"{last} => {Throw};");
        }
    }
}
