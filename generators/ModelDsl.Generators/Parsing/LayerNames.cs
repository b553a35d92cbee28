using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// The names of a model's layers, for a stack and a graph model alike: a layer's <see cref="LayerSpec.Name"/> when the
/// user gave one (checked: not a name the class, the generated code or TorchSharp's module already uses, and not
/// another layer's), otherwise Keras's generated name (<c>lstm</c>, <c>lstm_1</c>), stepping around every name taken.
/// The name is the layer's field, its row in the summary and its key in <c>Layers</c> and <c>Until</c>.
/// </summary>
internal sealed class LayerNames
{
    private readonly HashSet<string> _members;
    private readonly IReadOnlyCollection<string> _generated;
    private readonly HashSet<string> _layers = new();
    private readonly FieldNames _fields;

    /// <param name="members">Names a field must not take: the class's, the generated code's and TorchSharp's module's members.</param>
    /// <param name="generated">Those of them the generated code declares, described as such in messages.</param>
    public LayerNames(IEnumerable<string> members, IReadOnlyCollection<string> generated)
    {
        _members = new HashSet<string>(members);
        _generated = generated;
        _fields = new FieldNames(_members);
    }

    /// <summary>Takes the name the user gave a layer; reports it at <paramref name="location"/> and returns <c>null</c> when it is taken.</summary>
    public string? TakeGiven(string name, LayerSpec spec, Location? location, List<DiagnosticInfo> diagnostics)
    {
        if (_members.Contains(name))
        {
            var what = _generated.Contains(name) ? GeneratedNames.Describe(name) : "a member of the class or of TorchSharp's module";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerName, location, name, $"is taken by {what}, which the layer's field would clash with"));
            return null;
        }

        if (!_layers.Add(name) || !_fields.Take(name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, location, name, spec.Display()));
            return null;
        }

        return name;
    }

    /// <summary>Keras's generated name for a layer the user did not name.</summary>
    public string Next(string baseName)
    {
        var name = _fields.Next(baseName);
        _layers.Add(name);
        return name;
    }
}
