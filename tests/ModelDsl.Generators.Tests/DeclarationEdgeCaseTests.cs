using System;
using System.Linq;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// Declarations that once made the generator throw (CS8785, which drops every model's code) or emit code that does
/// not compile. Each now either generates code that compiles or gets an MDSL error at the user's code, with no CS
/// error on top of it.
/// </summary>
public sealed class DeclarationEdgeCaseTests
{
    private const string Usings = "using ModelDsl;\nusing ModelDsl.Layers;\nusing static TorchSharp.torch;\n\n";

    private const string Layers = """
        [Model(Loss = "binary_crossentropy", Optimizer = "adam")]
        [Input(12)]
        [Embedding(50, 4)]
        [LSTM(3)]
        [Dense(1, Activation = "sigmoid")]
        """;

    /// <summary>A graph model with input <c>{0}</c>, a layer property <c>{1}</c> and the [Forward] method <c>{2}</c>.</summary>
    private static string Graph(string className = "Pair", string input = "tokens", string property = "Classify", string forward = "Forward", string members = "") => Usings + $$"""
        namespace Samples;

        [Model(Loss = "mse")]
        public partial class {{className}}
        {
            [Embedding(50, 4)] partial Embedding Embed { get; }
            [Dense(2)] partial Dense {{property}} { get; }
            {{members}}

            [Forward]
            Tensor {{forward}}([Input(6)] Tensor {{input}}) => {{property}}.call(Embed.call({{input}}));
        }
        """;

    [Fact]
    public void InputNull_IsReportedAsAMissingShape() =>
        AssertOnlyMdsl(Run("[Model]\n[Input(null)]\n[Dense(1)]\npublic partial class Broken;"), "MDSL0014");

    [Fact]
    public void GraphInputNull_IsReportedAsAMissingShape() =>
        AssertOnlyMdsl(GeneratorHarness.Run(Graph().Replace("[Input(6)]", "[Input(null)]")), "MDSL0014");

    [Fact]
    public void TwoModelsWhoseNamesDifferOnlyInCase_EachGetsItsOwnFile()
    {
        var run = Run(Layers + "\npublic partial class Reviews;\n\n" + Layers + "\npublic partial class reviews;");

        AssertCompiles(run);
        Assert.Equal(2, run.Sources.Length);
        Assert.NotEqual(run.Sources[0].HintName, run.Sources[1].HintName, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void ModelOnTwoPartialDeclarations_GeneratesTheClassOnce_AndLeavesTheDuplicateToTheCompiler()
    {
        var run = Run(Layers + "\npublic partial class Reviews;\n\n[Model]\npublic partial class Reviews;");

        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        Assert.Equal(new[] { "CS0579" }, run.CompilerErrors.Select(d => d.Id).Distinct()); // duplicate 'Model' attribute, the user's to fix
    }

    [Fact]
    public void KeywordEscapedNamespace_ClassAndContainingType_AreWrittenWithTheirAt()
    {
        var run = GeneratorHarness.Run("using ModelDsl;\n\nnamespace My.@event;\n\npublic partial class @struct\n{\n" + Layers + "\n    public partial class @class;\n}\n");

        AssertCompiles(run);
        Assert.Contains("namespace My.@event", run.Source, StringComparison.Ordinal);
        Assert.Contains("partial class @struct", run.Source, StringComparison.Ordinal);
        Assert.Contains("new @class()", run.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("@", run.Sources[0].HintName, StringComparison.Ordinal);
    }

    [Fact]
    public void KeywordEscapedGraphClassInputAndForward_AreWrittenWithTheirAt()
    {
        var run = GeneratorHarness.Run(Graph(className: "@class", input: "@in", forward: "@return"));

        AssertCompiles(run);
        // forward runs the statements of @return written out, on the escaped input.
        Assert.Contains("return classify.call(embed.call(@in));", run.Source, StringComparison.Ordinal);
    }

    /// <summary>The forward pass is written out in the generated forward, where a local of the user's named like a layer field would hide it.</summary>
    [Fact]
    public void LocalNamedLikeALayerField_TheFieldIsWrittenWithThis()
    {
        var run = GeneratorHarness.Run(Usings + """
            namespace Samples;

            [Model(Loss = "mse")]
            public partial class Shadowed
            {
                [Embedding(50, 4)] partial Embedding Embed { get; }
                [Dense(2)] partial Dense Classify { get; }

                [Forward]
                Tensor Forward([Input(6)] Tensor tokens)
                {
                    var embed = Embed.call(tokens);
                    var classify = Classify.call(embed);
                    return classify;
                }
            }
            """);

        AssertCompiles(run);
        Assert.Contains("var embed = this.embed.call(tokens);", run.Source, StringComparison.Ordinal);
        Assert.Contains("var classify = this.classify.call(embed);", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void NonAsciiClassName_GetsAHintNameOfPlainCharacters()
    {
        var run = Run(Layers + "\npublic partial class Modèle;");

        AssertCompiles(run);
        Assert.Matches("^[A-Za-z0-9_.-]+$", run.Sources[0].HintName);
    }

    [Fact]
    public void ContainingRecordStruct_IsReopenedAsARecordStruct()
    {
        var run = Run("public partial record struct Outer(int Size)\n{\n" + Layers + "\n    public partial class Reviews;\n}");

        AssertCompiles(run);
        Assert.Contains("partial record struct Outer", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcatenateWhoseSizesOverflowInt_IsAShapeError()
    {
        var run = GeneratorHarness.Run(Usings + """
            namespace Samples;

            [Model(Loss = "mse")]
            public partial class Wide
            {
                [Dense(1)] partial Dense Output { get; }

                [Forward]
                Tensor Forward([Input(2000000000, DType = "float32")] Tensor a, [Input(2000000000, DType = "float32")] Tensor b) =>
                    Output.call(Ops.Concatenate(a, b));
            }
            """);

        AssertOnlyMdsl(run, "MDSL0311");
        Assert.Contains("add up to 4,000,000,000", run.Diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public static Tensor Dot(Tensor a) => a;", "Ops.Dot(x)")]
    [InlineData("public static Tensor Softmax(Tensor a, Tensor b = null!) => a;", "Ops.Softmax(x)")]
    [InlineData("public static Tensor Concatenate(Tensor a, Tensor b, Tensor c, Tensor d) => a;", "Ops.Concatenate(x, x, x, x)")]
    public void OpsDeclaredInTheProject_IsNotFollowed_WithoutCrashing(string member, string call)
    {
        var run = GeneratorHarness.Run(
            "namespace ModelDsl { using static TorchSharp.torch; public static class Ops { " + member + " } }",
            Graph().Replace("=> Classify.call(Embed.call(tokens));", $"{{ var x = Embed.call(tokens); return Classify.call({call}); }}"));

        AssertOnlyMdsl(run, "MDSL0305");
    }

    [Theory]
    [InlineData("LearningRate", "double.PositiveInfinity")]
    [InlineData("LearningRate", "double.NaN")]
    [InlineData("ClipNorm", "double.PositiveInfinity")]
    [InlineData("WeightDecay", "double.PositiveInfinity")]
    [InlineData("Momentum", "double.PositiveInfinity")]
    [InlineData("Momentum", "double.NaN")]
    public void NonFiniteTrainingOption_IsReported(string option, string value)
    {
        var optimizer = option == "Momentum" ? "sgd" : "adam";
        var run = Run($"[Model(Loss = \"mse\", Optimizer = \"{optimizer}\", {option} = {value})]\n[Input(4, DType = \"float32\")]\n[Dense(1)]\npublic partial class Broken;");

        AssertOnlyMdsl(run, "MDSL0018");
        Assert.StartsWith(option + " must be a finite number", run.Diagnostics[0].GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("var")]
    [InlineData("nameof")]
    [InlineData("Summary")]
    [InlineData("Training")]
    [InlineData("Predict")]
    [InlineData("Logits")]
    [InlineData("RunAsync")]
    public void ClassNamedLikeAGeneratedMemberOrAContextualKeyword_IsReportedAtTheClassName(string name)
    {
        var run = Run(Layers + $"\npublic partial class {name};");

        AssertOnlyMdsl(run, "MDSL0020");
        Assert.Equal(name, Spelled(run));
    }

    [Theory]
    [InlineData("public global::System.Threading.Tasks.Task<int> RunAsync(string[] args) => null!;", "RunAsync")]
    [InlineData("private int Logits() => 0;", "Logits")]
    [InlineData("protected override void Dispose(bool disposing) { }", "Dispose")]
    [InlineData("private readonly object? _training;", "_training")]
    [InlineData("public int Fit;", "Fit")]
    public void UserMemberNamedLikeAGeneratedOne_IsReportedAtTheMember(string member, string name)
    {
        var run = Run(Layers + "\npublic partial class Reviews\n{\n    " + member + "\n}");

        AssertOnlyMdsl(run, "MDSL0020");
        Assert.Equal(name, Spelled(run));
    }

    [Fact]
    public void UserDisposeWithoutParameters_IsNotAClash() =>
        AssertCompiles(Run(Layers + "\npublic partial class Reviews\n{\n    public new void Dispose() => base.Dispose();\n}"));

    [Theory]
    [InlineData("Training")]
    [InlineData("TrainingOptions")]
    public void ForwardMethodNamedLikeAGeneratedMember_IsReported(string name)
    {
        var run = GeneratorHarness.Run(Graph(forward: name));

        AssertOnlyMdsl(run, "MDSL0020");
        Assert.Equal(name, Spelled(run));
    }

    [Fact]
    public void GraphInputsWhoseSignaturesWouldClash_AreReportedAtTheSecond()
    {
        var run = GeneratorHarness.Run(Graph().Replace("[Input(6)] Tensor tokens)", "[Input(6)] Tensor tokens, [Input(6)] Tensor Tokens)"));

        AssertOnlyMdsl(run, "MDSL0304");
        Assert.Equal("Tokens", Spelled(run));
        Assert.Contains("TokensSignature2", run.Source, StringComparison.Ordinal); // the inert class still compiles
    }

    [Theory]
    [InlineData("output")]
    [InlineData("@class")]
    [InlineData("Forward")]
    public void LayerPropertyWhoseFieldNameIsTaken_GetsASuffixedField(string property)
    {
        var run = GeneratorHarness.Run(Graph(property: property, forward: "Wire"));

        AssertCompiles(run);
        Assert.Contains("_1 = new(", run.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void UserFieldNamedLikeALayerField_TheLayerFieldStepsAround()
    {
        var run = Run(Layers + "\npublic partial class Reviews\n{\n    private readonly int lstm = 1;\n    public int Size => lstm;\n}");

        AssertCompiles(run);
        Assert.Contains("lstm_1 = new(4, 3);", run.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public Reviews() { }", "Reviews")]
    [InlineData("public Reviews(int size) { }", "Reviews")]
    public void UserConstructor_IsReported(string constructor, string spelled)
    {
        var run = Run(Layers + "\npublic partial class Reviews\n{\n    " + constructor + "\n}");

        AssertOnlyMdsl(run, "MDSL0019");
        Assert.Equal(spelled, Spelled(run));
    }

    [Fact]
    public void UserConstructorChainingToTheGeneratedOne_IsFine() =>
        AssertCompiles(Run(Layers + "\npublic partial class Reviews\n{\n    public Reviews(int seed) : this() => Seed = seed;\n    public int Seed { get; }\n}"));

    [Fact]
    public void PrimaryConstructor_IsReported()
    {
        var run = Run(Layers + "\npublic partial class Reviews(int size);");

        AssertOnlyMdsl(run, "MDSL0019");
        Assert.Equal("(int size)", Spelled(run));
    }

    [Fact]
    public void AbstractModel_IsReported_AndGetsAnInertClass()
    {
        var run = Run(Layers + "\npublic abstract partial class Reviews;");

        AssertOnlyMdsl(run, "MDSL0009");
        Assert.Contains("is abstract;", run.Diagnostics[0].GetMessage(), StringComparison.Ordinal);
        Assert.Contains("Every member throws", run.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public static partial class Reviews;", "static")]
    [InlineData("public partial record Reviews;", "a record")]
    [InlineData("public partial record class Reviews(int Size);", "a record")]
    public void ModelThatIsNotAPlainClass_IsReported(string declaration, string kind)
    {
        var run = Run(Layers + "\n" + declaration);

        AssertOnlyMdsl(run, "MDSL0009");
        Assert.Contains($"is {kind};", run.Diagnostics[0].GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void GraphModelThatIsARecord_IsReported()
    {
        var run = GeneratorHarness.Run(Graph().Replace("public partial class Pair", "public partial record Pair"));

        AssertOnlyMdsl(run, "MDSL0009");
    }

    [Fact]
    public void GraphModelWithAConstructor_GetsItsLayerPropertiesImplemented_SoOnlyTheMdslErrorShows()
    {
        var run = GeneratorHarness.Run(Graph(members: "public Pair(int size) { }"));

        AssertOnlyMdsl(run, "MDSL0019");
        Assert.Contains("partial class Pair", run.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("Module", run.Source, StringComparison.Ordinal);
    }

    /// <summary>Found by the fuzzer: a generic graph model got no implementation of its partial properties (CS9248 for each).</summary>
    [Fact]
    public void GenericGraphModel_GetsItsLayerPropertiesImplemented_SoOnlyTheMdslErrorShows()
    {
        var run = GeneratorHarness.Run(Graph().Replace("public partial class Pair", "public partial class Pair<T>"));

        AssertOnlyMdsl(run, "MDSL0006");
        Assert.Contains("partial class Pair<T>", run.Source, StringComparison.Ordinal);
    }

    /// <summary>Found by the fuzzer: a static graph model's partial properties were left unimplemented (CS9248 on top of the user's CS0708).</summary>
    [Fact]
    public void StaticGraphModel_GetsItsLayerPropertiesImplemented_LeavingOnlyTheUsersOwnErrors()
    {
        var run = GeneratorHarness.Run(Graph().Replace("public partial class Pair", "public static partial class Pair"));

        Assert.Equal(new[] { "MDSL0009" }, run.Diagnostics.Select(d => d.Id));
        Assert.Equal(new[] { "CS0708" }, run.CompilerErrors.Select(d => d.Id).Distinct()); // instance members in a static class
    }

    private static GeneratorRun Run(string declarations) => GeneratorHarness.Run("using ModelDsl;\n\nnamespace Samples;\n\n" + declarations + "\n");

    /// <summary>The source text the (single) diagnostic underlines.</summary>
    private static string Spelled(GeneratorRun run)
    {
        var location = Assert.Single(run.Diagnostics).Location;
        return location.SourceTree!.GetText().ToString(location.SourceSpan);
    }

    private static void AssertOnlyMdsl(GeneratorRun run, string id)
    {
        Assert.Equal(new[] { id }, run.Diagnostics.Select(d => d.Id).Distinct());
        Assert.True(run.Diagnostics.All(d => d.Location.IsInSource), "every diagnostic points at the user's code");
        Assert.Empty(run.CompilerErrors);
    }

    private static void AssertCompiles(GeneratorRun run)
    {
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilerErrors);
    }
}
