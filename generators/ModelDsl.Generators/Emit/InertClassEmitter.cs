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
    private const string NotGeneratedDoc = "/// <summary>Not generated: see the MDSL diagnostics.</summary>";

    /// <param name="type">The class; members it declares itself (reported as clashes) are left out.</param>
    /// <param name="moduleBase">The module base class.</param>
    /// <param name="members">The generated members, from <see cref="ModelSurface"/>.</param>
    /// <param name="partialProperties">The user's partial properties, which need an implementing part to compile.</param>
    /// <param name="errorIds">The MDSL errors that made the model inert.</param>
    public static void Write(
        IndentedTextWriter writer,
        ModelType type,
        string moduleBase,
        IReadOnlyList<SurfaceMember> members,
        IEnumerable<PropertyImplementation> partialProperties,
        EquatableArray<string> errorIds,
        string generatorVersion)
    {
        var taken = new HashSet<string>(type.TakenNames);
        var message = $"\"{Message(type.Name, errorIds)}\"";
        var thrown = taken.Contains(MessageConstant) ? message : MessageConstant;
        var baseList = moduleBase
            + (taken.Contains("Summary") ? "" : $", {ModelSurface.SummarizableInterface}")
            + (taken.Contains("ExportOnnx") ? "" : $", {ModelSurface.OnnxExportableInterface}");
        writer.WriteLine($"/// <summary>Not generated: the declaration has errors ({Ids(errorIds)}). Every member throws.</summary>");
        writer.WriteLine($"[global::System.CodeDom.Compiler.GeneratedCode(\"ModelDsl\", \"{generatorVersion}\")]");
        using (writer.Open($"partial class {CSharpName.Escape(type.Name)} : {baseList}"))
        {
            if (thrown == MessageConstant)
            {
                writer.WriteLine($"private const string {MessageConstant} = {message};");
            }

            foreach (var member in members.Where(m => !taken.Contains(m.Name)))
            {
                writer.WriteLine();
                writer.WriteLine(NotGeneratedDoc);
                WriteMember(writer, member, type.Name, thrown);
            }

            WriteProperties(writer, partialProperties, thrown);
        }
    }

    /// <summary>
    /// The bare partial declaration of a class that gets no module (see <see cref="ModelShell.StubKeyword"/>): only its
    /// partial layer properties, throwing.
    /// </summary>
    public static void WriteStub(
        IndentedTextWriter writer, ModelType type, string keyword, EquatableArray<string> typeParameters, IEnumerable<PropertyImplementation> partialProperties,
        EquatableArray<string> errorIds, string generatorVersion)
    {
        var message = $"\"{Message(type.Name, errorIds)}\"";
        writer.WriteLine($"/// <summary>Not generated: the declaration has errors ({Ids(errorIds)}); only its partial properties are implemented, throwing.</summary>");
        writer.WriteLine($"[global::System.CodeDom.Compiler.GeneratedCode(\"ModelDsl\", \"{generatorVersion}\")]");
        var generic = typeParameters.Count == 0 ? "" : $"<{string.Join(", ", typeParameters.Select(CSharpName.Escape))}>";
        using (writer.Open($"partial {keyword} {CSharpName.Escape(type.Name)}{generic}"))
        {
            var first = true;
            foreach (var property in partialProperties)
            {
                if (!first)
                {
                    writer.WriteLine();
                }

                first = false;
                writer.WriteLine(NotGeneratedDoc);
                writer.WriteLine(PropertyImplementation(property, $"throw new global::System.InvalidOperationException({message})"));
            }
        }
    }

    private const string MessageConstant = "NotGenerated";

    private static void WriteProperties(IndentedTextWriter writer, IEnumerable<PropertyImplementation> partialProperties, string thrown)
    {
        foreach (var property in partialProperties)
        {
            writer.WriteLine();
            writer.WriteLine(NotGeneratedDoc);
            writer.WriteLine(PropertyImplementation(property, $"throw new global::System.InvalidOperationException({thrown})"));
        }
    }

    private static string PropertyImplementation(PropertyImplementation property, string throwExpression)
    {
        var declaration = $"{(property.Modifiers.Length == 0 ? "" : property.Modifiers + " ")}partial {property.TypeName} {CSharpName.Escape(property.Name)}";
        return property.Accessors.Count == 1 && property.Accessors[0] == "get"
            ? $"{declaration} => {throwExpression};"
            : $"{declaration} {{ {string.Join(" ", property.Accessors.Select(a => $"{a} => {throwExpression};"))} }}";
    }

    /// <summary>The exception's message: which model, which errors, what to do.</summary>
    public static string Message(string displayName, EquatableArray<string> errorIds) => errorIds.Count == 0
        ? $"{displayName} has errors the compiler reported in its declaration, so ModelDsl did not generate its module; fix them and rebuild."
        : $"{displayName} has ModelDsl errors ({Ids(errorIds)}), so ModelDsl did not generate its module; fix the declaration where the build reports them and rebuild.";

    private static string Ids(EquatableArray<string> errorIds) => errorIds.Count == 0 ? "compiler errors" : string.Join(", ", errorIds);

    private static void WriteMember(IndentedTextWriter writer, SurfaceMember member, string displayName, string thrown)
    {
        for (var i = 0; i < member.Declaration.Count - 1; i++)
        {
            writer.WriteLine(member.Declaration[i]);
        }

        var last = member.Declaration[member.Declaration.Count - 1];
        var throwExpression = $"throw new global::System.InvalidOperationException({thrown})";
        if (member.Kind == SurfaceMemberKind.Constructor)
        {
            // The name as a string: nameof would bind to a class named 'nameof'. The load check comes first, as in the real
            // constructor, so a machine where libtorch cannot load is told why rather than getting DllNotFoundException.
            writer.WriteLine(last);
            writer.WriteLine($"    : base(global::ModelDsl.Runtime.TorchRuntime.EnsureLoadedFor(\"{displayName}\")) => {throwExpression};");
        }
        else
        {
            writer.WriteLine($"{last} => {throwExpression};");
        }
    }
}
