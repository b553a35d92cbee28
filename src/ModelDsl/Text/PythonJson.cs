using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelDsl.Text;

/// <summary>Writes JSON text the way Python's <c>json.dumps</c> does with its defaults.</summary>
internal static class PythonJson
{
    /// <summary>Writes <c>{"key": value, …}</c>; the values are JSON text already, the keys are quoted here.</summary>
    public static void WriteObject(StringBuilder json, IEnumerable<(string Key, string Value)> entries)
    {
        json.Append('{');
        bool first = true;
        foreach ((string key, string value) in entries)
        {
            if (!first)
            {
                json.Append(", ");
            }

            first = false;
            AppendQuoted(json, key);
            json.Append(": ").Append(value);
        }

        json.Append('}');
    }

    /// <summary>An integer as JSON text.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A string as a JSON string literal, with <c>ensure_ascii</c> escaping.</summary>
    public static string Quote(string text)
    {
        var json = new StringBuilder(text.Length + 2);
        AppendQuoted(json, text);
        return json.ToString();
    }

    /// <summary>
    /// Appends <paramref name="text"/> quoted as Python's <c>json.dumps</c> (<c>ensure_ascii=True</c>) does: <c>\"</c>,
    /// <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\b</c>, <c>\f</c>, and <c>\u00xx</c> (lower-case hex) for every
    /// other character outside <c>' '</c>…<c>'~'</c>, UTF-16 code unit by code unit (so astral characters become
    /// surrogate pairs, as in Python).
    /// </summary>
    public static void AppendQuoted(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case '\b':
                    json.Append("\\b");
                    break;
                case '\f':
                    json.Append("\\f");
                    break;
                case >= ' ' and <= '~':
                    json.Append(c);
                    break;
                default:
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.Append('"');
    }
}
