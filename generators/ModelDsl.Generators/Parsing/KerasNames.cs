using System.Text;

namespace ModelDsl.Generators.Parsing;

/// <summary>Names as Keras spells them: a graph model's layer property <c>QuestionEncoder</c> is the layer <c>question_encoder</c>.</summary>
internal static class KerasNames
{
    /// <summary>snake_case: a word break before an upper-case letter that follows a lower-case letter or digit, or that starts a word after an acronym (<c>LSTMLayer</c> → <c>lstm_layer</c>).</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '_')
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    text.Append('_');
                }
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary><c>sentence1</c> → <c>Sentence1</c>, for generated member names.</summary>
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
