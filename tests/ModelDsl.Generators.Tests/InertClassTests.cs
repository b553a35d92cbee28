using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Tests.Infrastructure;
using Xunit;

namespace ModelDsl.Generators.Tests;

/// <summary>
/// A model with a declaration error gets an inert class with every member the real module has, each throwing one
/// <see cref="InvalidOperationException"/> naming the MDSL ids, so code written against the model shows no
/// CS errors on top of the MDSL one (sequential and graph models alike).
/// </summary>
public sealed class InertClassTests
{
    private const string Sequential = """
        using ModelDsl;

        namespace Samples;

        [Model(Loss = "binary_crossentropy", Optimizer = "adam", Metrics = new[] { "accuracy" })]
        [Input(40)]
        [Embedding(100, 8)]
        [LSTM(16)]
        [Dense(1, Activation = "sigmoid")]
        public partial class Reviews;
        """;

    /// <summary>The LSTM reads token ids: MDSL0104.</summary>
    private static readonly string BrokenSequential = Sequential.Replace("[Embedding(100, 8)]\n", "");

    /// <summary>Dot over the wrong axis: MDSL0311.</summary>
    private static readonly string BrokenGraph = GraphModuleTests.QaAttention.Replace("axes: 2", "axes: 1");

    /// <summary>samples/ImdbSentiment-style use of every member of a sequential model.</summary>
    private const string SequentialProgram = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ModelDsl;
        using ModelDsl.Training;
        using static TorchSharp.torch;

        public static class Program
        {
            public static async Task<int> Main(string[] args)
            {
                if (args.Length == 0)
                {
                    return await Samples.Reviews.RunAsync(args);
                }

                using var model = new Samples.Reviews();
                Tensor x = zeros(4, 40, dtype: ScalarType.Int64), y = zeros(4, 1);
                History history = model.Fit(x, y, epochs: 3, batchSize: 32, validationSplit: 0.2, seed: 42,
                    callbacks: new Callback[] { new EarlyStopping(patience: 2, restoreBestWeights: true) });
                IReadOnlyDictionary<string, double> scores = model.Evaluate(x, y);
                Tensor probabilities = model.Predict(x, batchSize: 8);
                model.Training.SaveCheckpoint("runs/last.ckpt");
                string? loss = Samples.Reviews.TrainingOptions.Loss;
                Samples.Reviews.InputSignature.Check(x);
                ModelDsl.ISummarizable summarizable = model;
                summarizable.Summary();
                model.Summary();
                return model.forward(x).shape.Length + model.call(x).shape.Length + history.Epochs.Count + scores.Count + (loss?.Length ?? 0) + (int)probabilities.numel();
            }
        }
        """;

    private const string GraphProgram = """
        using System.Collections.Generic;
        using ModelDsl.Training;
        using static TorchSharp.torch;

        public static class Program
        {
            public static int Main()
            {
                using var model = new Samples.QaAttention();
                Tensor a = zeros(4, 20, dtype: ScalarType.Int64), b = zeros(4, 30, dtype: ScalarType.Int64), y = zeros(4, 30, 200);
                History history = model.Fit(a, b, y, epochs: 2, validationData: (new[] { a, b }, y), seed: 1);
                IReadOnlyDictionary<string, double> scores = model.Evaluate(a, b, y);
                Tensor output = model.Predict(a, b);
                model.Training.SaveCheckpoint("runs/last.ckpt");
                Samples.QaAttention.Sentence1Signature.Check(a);
                Samples.QaAttention.Sentence2Signature.Check(b);
                model.Summary();
                return model.forward(a, b).shape.Length + model.call(a, b).shape.Length + history.Epochs.Count + scores.Count
                    + (Samples.QaAttention.TrainingOptions.Loss?.Length ?? 0) + (int)output.numel();
            }
        }
        """;

    [Fact]
    public void SequentialModelWithAnError_ProgramUsingEveryMember_ShowsOnlyTheMdslError()
    {
        var run = GeneratorHarness.Run(BrokenSequential, SequentialProgram);

        Assert.Equal(new[] { "MDSL0104" }, run.Diagnostics.Select(d => d.Id));
        Assert.Empty(run.CompilerErrors);
    }

    [Fact]
    public void GraphModelWithAnError_ProgramUsingEveryMember_ShowsOnlyTheMdslError()
    {
        var run = GeneratorHarness.Run(BrokenGraph, GraphProgram);

        Assert.Equal(new[] { "MDSL0311" }, run.Diagnostics.Select(d => d.Id));
        Assert.Empty(run.CompilerErrors);
    }

    [Fact]
    public void SequentialInertClass_HasThePublicSurfaceOfTheRealModule() =>
        Assert.Equal(PublicSurface(Sequential, "Samples.Reviews", expectInert: false), PublicSurface(BrokenSequential, "Samples.Reviews", expectInert: true));

    [Fact]
    public void GraphInertClass_HasThePublicSurfaceOfTheRealModule() =>
        Assert.Equal(
            PublicSurface(GraphModuleTests.QaAttention, "Samples.QaAttention", expectInert: false),
            PublicSurface(BrokenGraph, "Samples.QaAttention", expectInert: true));

    [Fact]
    public void SequentialInertClass_EveryMemberThrowsNamingTheMdslId() => AssertEveryMemberThrows(BrokenSequential, "Samples.Reviews", "Reviews", "MDSL0104", "RunAsync", "get_InputSignature");

    [Fact]
    public void GraphInertClass_EveryMemberThrowsNamingTheMdslId() => AssertEveryMemberThrows(BrokenGraph, "Samples.QaAttention", "QaAttention", "MDSL0311", "get_Sentence1Signature", "get_Sentence2Signature", "Embed", "Encode1", "Encode2", "Output");

    /// <summary>The class's public members (signatures), base type and interfaces, as the compiler sees them.</summary>
    private static List<string> PublicSurface(string source, string typeName, bool expectInert)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Equal(expectInert, run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(run.CompilerErrors);
        var type = run.Output.GetTypeByMetadataName(typeName)!;
        var surface = type.GetMembers()
            .Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared)
            .Select(m => m.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat))
            .ToList();
        surface.Add("base " + type.BaseType!.ToDisplayString());
        surface.AddRange(type.AllInterfaces.Select(i => "implements " + i.ToDisplayString()));
        surface.Sort(StringComparer.Ordinal);
        Assert.Contains(surface, m => m.Contains(".Fit(", StringComparison.Ordinal));
        return surface;
    }

    private static void AssertEveryMemberThrows(string source, string typeName, string className, string id, params string[] modelSpecific)
    {
        var run = GeneratorHarness.Run(source);
        var type = LoadedAssembly.Load(run.Output).GetType(typeName)!;
        var called = new List<string>();

        foreach (var constructor in type.GetConstructors())
        {
            AssertThrowsNaming(() => constructor.Invoke(Array.Empty<object?>()), $"new {className}()");
            called.Add(".ctor");
        }

        // An instance without running the (throwing) constructor, to reach the instance members.
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        GC.SuppressFinalize(instance);
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            var arguments = method.GetParameters().Select(DefaultArgument).ToArray();
            AssertThrowsNaming(() => method.Invoke(method.IsStatic ? null : instance, arguments), method.Name);
            called.Add(method.Name);
        }

        // The user's partial layer properties (private here) are implemented throwing too.
        foreach (var property in type.GetProperties(BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            AssertThrowsNaming(() => property.GetValue(instance), property.Name);
            called.Add(property.Name);
        }

        Assert.Contains("get_TrainingOptions", called);
        Assert.Contains("get_Training", called);
        Assert.Contains("Fit", called);
        Assert.Contains("Evaluate", called);
        Assert.Contains("Predict", called);
        Assert.Contains("Summary", called);
        Assert.Contains("forward", called);
        Assert.Contains(".ctor", called);
        Assert.All(modelSpecific, member => Assert.Contains(member, called));

        void AssertThrowsNaming(Action call, string member)
        {
            var thrown = Assert.Throws<TargetInvocationException>(call).InnerException;
            var exception = Assert.IsType<InvalidOperationException>(thrown);
            Assert.True(exception.Message.Contains(id, StringComparison.Ordinal) && exception.Message.StartsWith(className, StringComparison.Ordinal),
                $"{member}: {exception.Message}");
        }
    }

    private static object? DefaultArgument(ParameterInfo parameter) =>
        parameter.HasDefaultValue ? parameter.DefaultValue
        : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType)
        : parameter.ParameterType == typeof(string[]) ? Array.Empty<string>()
        : null;
}
