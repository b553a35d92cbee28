using System;
using System.Collections.Generic;
using System.Linq;
using PureHDF;

namespace ModelDsl.Interop.Keras;

/// <summary>
/// Keras's string attributes as h5py stores them: numpy bytes (fixed-length strings) or Python str (variable-length), one
/// or an array; a list too long for one attribute header is split by Keras into <c>name0</c>, <c>name1</c>, ….
/// </summary>
internal static class KerasAttributes
{
    public static bool Has(IH5Object owner, string name) => owner.AttributeExists(name) || owner.AttributeExists(name + "0");

    /// <summary>A scalar string attribute.</summary>
    public static string Text(IH5Object owner, string name)
    {
        var attribute = owner.Attribute(name);
        return attribute.Space.Rank == 0 ? Clean(attribute.Read<string>()) : string.Concat(attribute.Read<string[]>().Select(Clean));
    }

    /// <summary>A list of strings (<c>layer_names</c>, <c>weight_names</c>), joined across Keras's chunks.</summary>
    public static string[] Texts(IH5Object owner, string name)
    {
        if (owner.AttributeExists(name))
        {
            return Read(owner.Attribute(name));
        }

        var texts = new List<string>();
        for (var chunk = 0; owner.AttributeExists(name + chunk); chunk++)
        {
            texts.AddRange(Read(owner.Attribute(name + chunk)));
        }

        return texts.ToArray();
    }

    // Keras writes np.asarray([]) for a layer without weights: an empty float64 array, not a string one.
    private static string[] Read(IH5Attribute attribute) =>
        attribute.Space.Rank == 0 ? new[] { Clean(attribute.Read<string>()) }
        : attribute.Space.Dimensions.Any(d => d == 0) ? Array.Empty<string>()
        : Array.ConvertAll(attribute.Read<string[]>(), Clean);

    // Fixed-length strings come back padded with NULs.
    private static string Clean(string text) => text.TrimEnd('\0');
}
