using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ModelDsl.Layers;
using ModelDsl.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Runtime;

/// <summary>
/// The order a real load failure depends on, which a simulated one cannot show (the simulation fails the check, not
/// libtorch): in every constructor of a generated model and of a ModelDsl layer, <see cref="TorchRuntime.EnsureLoadedFor"/>
/// runs before anything from TorchSharp, the <c>nn.Module</c> base constructor included. Otherwise a machine without a
/// loadable libLibTorchSharp gets TorchSharp's bare DllNotFoundException from that base constructor.
/// </summary>
public sealed class ModuleConstructorLoadCheckTests
{
    private static readonly MethodInfo Check = typeof(TorchRuntime).GetMethod(nameof(TorchRuntime.EnsureLoadedFor))!;
    private static readonly Assembly TorchSharpAssembly = typeof(nn.Module).Assembly;

    public static TheoryData<Type> ModuleTypes() => new(CheckedTypes());

    /// <summary>Every module type in ModelDsl, and every model ModelDsl generated in this test assembly.</summary>
    private static List<Type> CheckedTypes()
    {
        var layers = typeof(Dense).Assembly.GetTypes().Where(IsModule);
        var generated = typeof(ModuleConstructorLoadCheckTests).Assembly.GetTypes()
            .Where(t => IsModule(t) && t.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == "ModelDsl");
        return layers.Concat(generated).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void TheTypesChecked_AreEveryLayerAndTheGeneratedModels()
    {
        var types = CheckedTypes();

        Assert.Contains(typeof(RecurrentLayer), types);
        foreach (var layer in new[] { typeof(Dense), typeof(Embedding), typeof(Dropout), typeof(DotAttention), typeof(Bidirectional), typeof(LSTM), typeof(GRU), typeof(SimpleRNN) })
        {
            Assert.Contains(layer, types);
        }

        Assert.Contains(typeof(ImdbLstm), types);
        Assert.Contains(typeof(Graph.QaAttention), types);
        Assert.True(types.Count > 30, $"only {types.Count} module types found");
    }

    [Theory]
    [MemberData(nameof(ModuleTypes))]
    public void NothingFromTorchSharp_RunsBeforeTheLoadCheck(Type module)
    {
        var constructors = module.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
        Assert.NotEmpty(constructors);
        foreach (var constructor in constructors)
        {
            var calls = MethodCalls.Of(constructor);
            var baseCall = calls.FirstOrDefault(c => c is ConstructorInfo && (c.DeclaringType == module.BaseType || c.DeclaringType == module));
            Assert.True(baseCall is not null, $"{module.Name}({Parameters(constructor)}) calls no base or this constructor");
            if (baseCall.DeclaringType == module || baseCall.DeclaringType!.Assembly != TorchSharpAssembly)
            {
                // this(...) or a ModelDsl base class (RecurrentLayer), whose own constructors are checked here too.
                Assert.DoesNotContain(calls.TakeWhile(c => c != baseCall), c => c.DeclaringType?.Assembly == TorchSharpAssembly);
                continue;
            }

            var beforeCheck = calls.TakeWhile(c => c != Check).ToList();
            Assert.True(
                beforeCheck.Count < calls.Count,
                $"{module.Name}({Parameters(constructor)}) never calls TorchRuntime.EnsureLoadedFor: pass its name through it to the base constructor");
            var torchFirst = beforeCheck.FirstOrDefault(c => c.DeclaringType?.Assembly == TorchSharpAssembly);
            Assert.True(
                torchFirst is null,
                $"{module.Name}({Parameters(constructor)}) calls {torchFirst?.DeclaringType?.Name}.{torchFirst?.Name} before TorchRuntime.EnsureLoadedFor");
        }
    }

    private static bool IsModule(Type type) => typeof(nn.Module).IsAssignableFrom(type);

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name));
}
