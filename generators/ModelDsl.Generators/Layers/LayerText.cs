using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelDsl.Generators.Model;
using ModelDsl.Generators.Shapes;

namespace ModelDsl.Generators.Layers;

/// <summary>Text shared by the layer kinds: numbers as C# and Keras write them, argument lists, the usual module call.</summary>
internal static class LayerText
{
    public const string LayersNamespace = "global::ModelDsl.Layers";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Comma-separated arguments, leaving out the options that keep their defaults (<c>null</c>).</summary>
    public static string Arguments(params string?[] arguments) => string.Join(", ", arguments.Where(a => a is not null));

    public static void AddIf(List<string> items, bool condition, string item)
    {
        if (condition)
        {
            items.Add(item);
        }
    }

    /// <summary>
    /// An option as the attribute writes it (<c>DilationRate = 2</c>) or as the runtime layer's constructor takes it
    /// (<c>dilationRate: 2</c>); the constructor's parameters are the attribute's properties in camelCase.
    /// </summary>
    public static string Option(OptionStyle style, string property, string value) =>
        style == OptionStyle.Attribute ? $"{property} = {value}" : $"{char.ToLowerInvariant(property[0])}{property.Substring(1)}: {value}";

    /// <summary>Adds <c>Option = "l2(0.0001)"</c> to a layer's described options when the regularizer is set.</summary>
    public static void AddRegularizer(List<string> options, string option, RegularizerSpec? regularizer) =>
        AddIf(options, regularizer is not null, $"{option} = \"{regularizer?.Keras}\"");

    /// <summary>An object initializer setting a runtime layer's regularizer property, <c> { KernelRegularizer = … }</c>, or nothing.</summary>
    public static string Initializer(string property, RegularizerSpec? regularizer) =>
        regularizer is null ? "" : $" {{ {property} = {regularizer.Code} }}";

    /// <summary><c>LSTM(32)</c> with <paramref name="options"/> added inside the parentheses: <c>LSTM(32, ReturnSequences = true)</c>.</summary>
    public static string WithOptions(string display, IReadOnlyCollection<string> options) =>
        options.Count == 0 ? display : display.Substring(0, display.Length - 1) + ", " + string.Join(", ", options) + ")";

    /// <summary>A module's call: <c>field.call(x)</c>, or <c>field.forward(x, mask)</c> when it reads the padding mask.</summary>
    public static string ModuleCall(string field, string source, string? mask) =>
        mask is not null ? $"{field}.forward({source}, {mask})" : $"{field}.call({source})";

    /// <summary><c>field.WriteOnnx(graph, "name", source)</c>, with the mask when the layer reads one: the export twin of <see cref="ModuleCall"/>.</summary>
    public static string OnnxModuleCall(string field, string graph, string name, string source, string? mask, string method = "WriteOnnx") =>
        $"{field}.{method}({graph}, \"{name}\", {source}{(mask is null ? "" : ", " + mask)})";

    /// <summary><c>[B, 40] -> [B, 40, 128]</c>, then the notes.</summary>
    public static string Mapping(TensorType input, TensorType output, IEnumerable<string>? notes = null)
    {
        var list = notes?.ToList() ?? new List<string>();
        return $"{input.Shape} -> {output.Shape}" + (list.Count == 0 ? "" : ", " + string.Join(", ", list));
    }
}

/// <summary>Where an option is written: in the attribute (<c>Padding = "same"</c>) or the runtime constructor (<c>padding: "same"</c>).</summary>
internal enum OptionStyle
{
    Attribute,
    Constructor,
}
