using System.Collections.Generic;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Keras's layer naming: <c>lstm</c>, then <c>lstm_1</c>, <c>lstm_2</c>, skipping names already taken (the class's
/// members, the generated ones, the module's), so a field never hides or clashes with another member.
/// </summary>
internal sealed class FieldNames
{
    private readonly HashSet<string> _taken;

    public FieldNames(IEnumerable<string> taken) => _taken = new HashSet<string>(taken);

    /// <summary>Takes <paramref name="name"/> as it is; <c>false</c> when it is already taken.</summary>
    public bool Take(string name) => _taken.Add(name);

    public string Next(string baseName)
    {
        var name = baseName;
        for (var count = 1; !_taken.Add(name); count++)
        {
            name = $"{baseName}_{count.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return name;
    }
}
