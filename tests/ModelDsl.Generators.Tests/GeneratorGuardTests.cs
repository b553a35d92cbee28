using System;
using System.Globalization;
using System.Threading;
using ModelDsl.Generators.Model;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>An exception escaping a stage would be CS8785 and drop every model's code; the guard makes it one MDSL0008 for that model.</summary>
public sealed class GeneratorGuardTests
{
    [Fact]
    public void UnexpectedException_BecomesOneErrorNamingTheModelAndTheException()
    {
        var reported = GeneratorGuard.Run<DiagnosticInfo?>(
            () => throw new IndexOutOfRangeException("Index was outside the bounds of the array.\nat somewhere"),
            failure => failure,
            "Reviews",
            location: null);

        var diagnostic = reported!.ToDiagnostic();
        Assert.Equal("MDSL0008", diagnostic.Id);
        Assert.Equal(
            "ModelDsl failed on 'Reviews' (IndexOutOfRangeException: Index was outside the bounds of the array.); this is a ModelDsl bug, so please report it with the declaration. The class gets no module.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Cancellation_IsNotAFailure_ItPropagates() =>
        Assert.Throws<OperationCanceledException>(() => GeneratorGuard.Run<DiagnosticInfo?>(
            () => throw new OperationCanceledException(new CancellationToken(canceled: true)),
            failure => failure,
            "Reviews",
            location: null));

    [Fact]
    public void StageThatSucceeds_PassesItsResultThrough() =>
        Assert.Equal(42, GeneratorGuard.Run(() => 42, _ => -1, "Reviews", location: null));
}
