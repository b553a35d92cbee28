using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Keras;

/// <summary>The fixtures Fixtures/make_fixtures.py wrote: Keras-layout files and the expected outputs of Keras's equations in float64.</summary>
internal static class KerasFixture
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Keras", "Fixtures", file);

    /// <summary>The fixture's input batch (int64 ids or float32 features) and the reference output in float64.</summary>
    public static (Tensor Input, Tensor Expected) Reference(string h5File, bool ids)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf("expected_" + Path.GetFileNameWithoutExtension(h5File) + ".json")));
        var root = document.RootElement;
        var inputShape = Shape(root.GetProperty("input_shape"));
        var input = root.GetProperty("input").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var output = root.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var x = ids ? tensor(input.Select(v => (long)v).ToArray(), inputShape) : tensor(input.Select(v => (float)v).ToArray(), inputShape);
        return (x, tensor(output, Shape(root.GetProperty("output_shape"))));
    }

    /// <summary>A flat list of numbers from the named property of an expected_*.json.</summary>
    public static float[] Values(string jsonFile, string property)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(jsonFile)));
        return document.RootElement.GetProperty(property).EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
    }

    private static long[] Shape(JsonElement shape) => shape.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
