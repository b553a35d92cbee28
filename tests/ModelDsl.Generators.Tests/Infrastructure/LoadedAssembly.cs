using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ModelDsl.Generators.Tests.Infrastructure;

/// <summary>A generator run's output compiled to IL and loaded in its own collectible context, for tests that call generated members.</summary>
internal static class LoadedAssembly
{
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        image.Position = 0;
        // ModelDsl and TorchSharp resolve to the copies the test host already loaded.
        return new AssemblyLoadContext("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true).LoadFromStream(image);
    }
}
