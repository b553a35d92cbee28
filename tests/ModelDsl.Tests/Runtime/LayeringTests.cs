using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace ModelDsl.Tests.Runtime;

/// <summary>
/// The assemblies depend on each other the way the product is layered: the attributes need nothing but .NET, the model
/// runtime (layers, training, summary) needs TorchSharp (and ships with the attributes) but not the command line or plotting, and
/// only the command line brings System.CommandLine, ScottPlot and SkiaSharp.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] CommandLineAndPlotting = { "ModelDsl.Cli", "System.CommandLine", "ScottPlot", "SkiaSharp", "HarfBuzzSharp" };

    [Fact]
    public void Abstractions_ReferenceOnlyTheFramework()
    {
        var references = References(typeof(ModelAttribute).Assembly);

        Assert.Equal(new[] { "netstandard" }, references);
    }

    [Fact]
    public void Runtime_DoesNotReferenceTheCommandLineOrPlotting()
    {
        var references = References(typeof(Ops).Assembly);

        Assert.Contains("TorchSharp", references);
        Assert.Empty(references.Intersect(CommandLineAndPlotting));
    }

    [Fact]
    public void Runtime_WritesOnnxWithOnnxSharp_ButNeverLoadsOnnxRuntime()
    {
        var references = References(typeof(Ops).Assembly);

        Assert.Contains("OnnxSharp", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal));
    }

    [Fact]
    public void CommandLine_BuildsOnTheRuntime()
    {
        var references = References(typeof(ModelDsl.Cli.ModelCommandLine).Assembly);

        Assert.Contains("ModelDsl", references);
        Assert.Contains("System.CommandLine", references);
        Assert.Contains("ScottPlot", references);
    }

    [Fact]
    public void Attributes_LiveInTheAbstractions_UnderTheirUsualNamespace()
    {
        var attributes = typeof(ModelAttribute).Assembly.GetExportedTypes().Where(t => typeof(Attribute).IsAssignableFrom(t)).ToList();

        Assert.Contains(typeof(LSTMAttribute), attributes);
        Assert.All(attributes, t => Assert.Equal("ModelDsl", t.Namespace));
        Assert.DoesNotContain(typeof(Ops).Assembly.GetExportedTypes(), t => typeof(Attribute).IsAssignableFrom(t) && t.Namespace == "ModelDsl");
    }

    /// <summary>The assembly's references other than the framework's own <c>System.*</c> ones.</summary>
    private static string[] References(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !n.StartsWith("System.", StringComparison.Ordinal) || n == "System.CommandLine")
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
}
