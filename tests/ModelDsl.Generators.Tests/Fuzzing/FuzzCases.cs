using System.Text.RegularExpressions;
using CsCheck;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// Every kind of fuzz case: valid sequential and graph models (alone, or two whose names differ only in case),
/// and each mutation of them.
/// </summary>
public static class FuzzCases
{
    public static readonly Gen<FuzzCase> ValidSequential = SequentialDeclarations.Valid.Select(d => FuzzCase.Valid("sequential: valid", d.Render()));

    public static readonly Gen<FuzzCase> ValidGraph = GraphDeclarations.Valid.Select(d => FuzzCase.Valid("graph: valid", d.Render()));

    /// <summary>Two models in one compilation whose names differ only in case (hint names ignore case).</summary>
    public static readonly Gen<FuzzCase> CaseTwins =
        Gen.Select(SequentialDeclarations.Valid, GraphDeclarations.Valid, (sequential, graph) =>
        {
            var twin = graph with { Namespace = sequential.Namespace, Container = null, Header = Names.Header("CASEtwin") };
            return FuzzCase.Valid("two models differing in case", (sequential with { Container = null, Header = Names.Header("caseTwin") }).Render(), twin.Render());
        });

    public static readonly Gen<FuzzCase> MutatedSequential =
        from d in SequentialDeclarations.Valid
        from mutation in Mutations.Sequential(d, ClassName(d))
        select mutation;

    public static readonly Gen<FuzzCase> MutatedGraph =
        from d in GraphDeclarations.Valid
        from mutation in Mutations.Graph(d, ClassName(d))
        select mutation;

    /// <summary>A third valid, two thirds mutated, sequential and graph alike.</summary>
    public static readonly Gen<FuzzCase> All = Gen.Frequency<FuzzCase>(
        (3, ValidSequential), (3, ValidGraph), (1, CaseTwins), (6, MutatedSequential), (6, MutatedGraph));

    private static string ClassName(Declaration d) => Regex.Match(d.Header, @"class ([@\w]+)").Groups[1].Value;
}
