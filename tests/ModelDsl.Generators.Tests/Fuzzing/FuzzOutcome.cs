using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>How one fuzz case came out; everything but <see cref="Ok"/> is a generator bug.</summary>
public enum FuzzOutcome
{
    /// <summary>As expected.</summary>
    Ok,

    /// <summary>The generator threw (CS8785: every model in the project loses its code).</summary>
    Crash,

    /// <summary>The output has CS errors and there is no MDSL error to explain them.</summary>
    Uncompilable,

    /// <summary>CS errors on top of an MDSL error.</summary>
    Cascade,

    /// <summary>An MDSL error on a valid declaration.</summary>
    FalseError,

    /// <summary>MDSL errors, but not the one the mutation calls for.</summary>
    MissedId,

    /// <summary>A mutation that must be reported, with no MDSL diagnostic at all.</summary>
    Silent,
}

/// <summary>What the generator and the compiler said about one case.</summary>
/// <param name="GeneratorException">The exception the generator threw, if it did.</param>
public sealed record FuzzResult(Exception? GeneratorException, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilerErrors)
{
    public FuzzOutcome Classify(FuzzCase fuzzCase)
    {
        if (GeneratorException is not null || CompilerErrors.Any(d => d.Id is "CS8784" or "CS8785"))
        {
            return FuzzOutcome.Crash;
        }

        var mdslErrors = GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        var compilerErrors = CompilerErrors.Where(d => !fuzzCase.AllowedCompilerErrors.Contains(d.Id)).ToList();
        if (compilerErrors.Count > 0)
        {
            return mdslErrors.Count == 0 ? FuzzOutcome.Uncompilable : FuzzOutcome.Cascade;
        }

        if (fuzzCase.ExpectValid && mdslErrors.Count > 0)
        {
            return FuzzOutcome.FalseError;
        }

        if (fuzzCase.ExpectedId is { } expected && !mdslErrors.Contains(expected))
        {
            return GeneratorDiagnostics.IsEmpty ? FuzzOutcome.Silent : FuzzOutcome.MissedId;
        }

        return FuzzOutcome.Ok;
    }

    /// <summary>The diagnostics, one a line, for failure messages.</summary>
    public string Describe() =>
        string.Join("\n", GeneratorDiagnostics.Concat(CompilerErrors).Select(d => d.ToString()))
        + (GeneratorException is null ? "" : "\n" + GeneratorException);
}
