using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>Where a model lives and what it is called: ordinary names beside the legal but unusual ones that once broke the generator.</summary>
public static class Names
{
    public static readonly Gen<string> Class = Gen.OneOf("Reviews", "ImdbLstm", "Model", "model", "@class", "@event", "Modèle", "Net2", "_Hidden", "Topics");

    public static readonly Gen<string?> Namespace = Gen.OneOf<string?>(null, "Samples", "My.@event", "A.B.C", "Models.@class", "Ünicode.Models");

    public static readonly Gen<string?> Container = Gen.OneOf<string?>(
        null,
        null,
        "public partial class Outer",
        "public static partial class Models",
        "public partial struct Holder",
        "public partial record struct Pos(int X)",
        "public partial record Box",
        "internal partial interface IModels",
        "public partial class @struct");

    /// <summary>The header of a valid model class called <paramref name="name"/>.</summary>
    public static string Header(string name) => $"public partial class {name}";
}
