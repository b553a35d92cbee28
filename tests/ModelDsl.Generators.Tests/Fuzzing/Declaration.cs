using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ModelDsl.Generators.Tests.Fuzzing;

/// <summary>
/// A <c>[Model]</c> class as text in parts, so a mutation can change one part: where it lives, its attributes,
/// its header and its members.
/// </summary>
/// <param name="Namespace">A file-scoped namespace as written (<c>My.@event</c>), or <c>null</c>.</param>
/// <param name="Container">An enclosing type's header (<c>public partial record struct Pos(int X)</c>), or <c>null</c>.</param>
/// <param name="Attributes">The class's attributes, top to bottom: <c>[Model(...)]</c>, then <c>[Input]</c> and the layers of a sequential model.</param>
/// <param name="Header">The class header, e.g. <c>public partial class Reviews</c>.</param>
/// <param name="Members">The class body's lines; none gives <c>class Reviews;</c>.</param>
/// <param name="Extra">More code in the file after the class (e.g. a second partial declaration).</param>
public sealed record Declaration(
    string? Namespace,
    string? Container,
    IReadOnlyList<string> Attributes,
    string Header,
    IReadOnlyList<string> Members,
    string Extra = "")
{
    private const string Usings = "using ModelDsl;\nusing ModelDsl.Layers;\nusing static TorchSharp.torch;\n";

    public string Render()
    {
        var text = new StringBuilder(Usings).Append('\n');
        if (Namespace is not null)
        {
            text.Append("namespace ").Append(Namespace).Append(";\n\n");
        }

        var indent = Container is null ? "" : "    ";
        if (Container is not null)
        {
            text.Append(Container).Append("\n{\n");
        }

        foreach (var attribute in Attributes)
        {
            text.Append(indent).Append(attribute).Append('\n');
        }

        text.Append(indent).Append(Header);
        if (Members.Count == 0)
        {
            text.Append(";\n");
        }
        else
        {
            text.Append('\n').Append(indent).Append("{\n");
            foreach (var member in Members)
            {
                text.Append(indent).Append("    ").Append(member).Append('\n');
            }

            text.Append(indent).Append("}\n");
        }

        if (Extra.Length > 0)
        {
            text.Append(indent).Append(Extra).Append('\n');
        }

        if (Container is not null)
        {
            text.Append("}\n");
        }

        return text.ToString();
    }

    public Declaration WithAttributes(IEnumerable<string> attributes) => this with { Attributes = attributes.ToList() };

    public Declaration WithMembers(IEnumerable<string> members) => this with { Members = members.ToList() };
}
