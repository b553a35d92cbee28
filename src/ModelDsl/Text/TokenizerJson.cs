using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using static ModelDsl.Text.TokenizerConfigJson;

namespace ModelDsl.Text;

/// <summary>Keras's <c>to_json</c> / <c>tokenizer_from_json</c> for <see cref="Tokenizer"/>.</summary>
public sealed partial class Tokenizer
{
    /// <summary>The <c>class_name</c> Keras writes for a tokenizer.</summary>
    public const string JsonClassName = "Tokenizer";

    private static readonly string[] ConfigKeys =
    {
        "num_words", "filters", "lower", "split", "char_level", "oov_token", "document_count",
        "word_counts", "word_docs", "index_docs", "index_word", "word_index",
    };

    /// <summary>
    /// Keras's <c>tokenizer.to_json()</c>: <c>{"class_name": "Tokenizer", "config": {…}}</c> with the configuration
    /// (<c>num_words</c>, <c>filters</c>, <c>lower</c>, <c>split</c>, <c>char_level</c>, <c>oov_token</c>,
    /// <c>document_count</c>) and the fitted state, where <c>word_counts</c>, <c>word_docs</c>, <c>index_docs</c>,
    /// <c>index_word</c> and <c>word_index</c> are each a JSON <em>string</em> holding a JSON object, as Keras's
    /// <c>get_config</c> stores them. Keras's <c>tokenizer_from_json</c> reads the result, and so does
    /// <see cref="FromJson"/>.
    /// </summary>
    /// <remarks>
    /// The text is written the way Python's <c>json.dumps</c> writes it by default (<c>", "</c> and <c>": "</c>
    /// separators, every character outside printable ASCII escaped as <c>\uXXXX</c>), so a tokenizer fitted on the
    /// same texts (and sequences) gives the same text as Keras except for the order of <c>word_docs</c> and
    /// <c>index_docs</c>: Keras fills them from a Python set, whose order depends on the string hash seed, and this
    /// writes them in first-seen order (<see cref="WordDocs"/>, <see cref="IndexDocs"/>). Integer keys
    /// (<c>index_docs</c>, <c>index_word</c>) are strings, as <c>json.dumps</c> writes them. A
    /// <see cref="NumWords"/> of <see langword="null"/> is written <c>null</c>.
    /// </remarks>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var counts = new StringBuilder();
        PythonJson.WriteObject(counts, WordCounts.Select(e => (e.Key, PythonJson.Number(e.Value))));
        var docs = new StringBuilder();
        PythonJson.WriteObject(docs, WordDocs.Select(e => (e.Key, PythonJson.Number(e.Value))));
        IReadOnlyDictionary<string, int> wordIndex = WordIndex;
        var indexDocs = new StringBuilder();
        PythonJson.WriteObject(indexDocs, IndexDocsInOrder().Select(e => (PythonJson.Number(e.Key), PythonJson.Number(e.Value))));
        var indexWord = new StringBuilder();
        PythonJson.WriteObject(indexWord, IndexWord.Select(e => (PythonJson.Number(e.Key), PythonJson.Quote(e.Value))));
        var index = new StringBuilder();
        PythonJson.WriteObject(index, wordIndex.Select(e => (e.Key, PythonJson.Number(e.Value))));

        var config = new StringBuilder();
        PythonJson.WriteObject(config, new[]
        {
            ("num_words", NumWords is { } n ? PythonJson.Number(n) : "null"),
            ("filters", PythonJson.Quote(Filters)),
            ("lower", Lower ? "true" : "false"),
            ("split", PythonJson.Quote(Split)),
            ("char_level", CharLevel ? "true" : "false"),
            ("oov_token", OovToken is null ? "null" : PythonJson.Quote(OovToken)),
            ("document_count", PythonJson.Number(DocumentCount)),
            ("word_counts", PythonJson.Quote(counts.ToString())),
            ("word_docs", PythonJson.Quote(docs.ToString())),
            ("index_docs", PythonJson.Quote(indexDocs.ToString())),
            ("index_word", PythonJson.Quote(indexWord.ToString())),
            ("word_index", PythonJson.Quote(index.ToString())),
        });

        var json = new StringBuilder();
        PythonJson.WriteObject(json, new[] { ("class_name", PythonJson.Quote(JsonClassName)), ("config", config.ToString()) });
        return json.ToString();
    }

    /// <summary>
    /// Keras's <c>tokenizer_from_json</c>: a tokenizer with the configuration and the fitted state of
    /// <paramref name="json"/>, as written by <see cref="ToJson"/> or by Keras's <c>tokenizer.to_json()</c>. It
    /// converts texts exactly as the tokenizer that was saved, and can be fitted further.
    /// </summary>
    /// <remarks>
    /// <para>Configuration keys that are missing take Keras's defaults; <c>word_counts</c>, <c>word_docs</c>,
    /// <c>index_docs</c>, <c>index_word</c> and <c>word_index</c> are required, each a JSON string holding an object
    /// (a plain object is accepted too). <c>class_name</c>, when present, must be <c>Tokenizer</c>.</para>
    /// <para>This tokenizer derives its index from the counts, so the file must be consistent the way every Keras
    /// tokenizer fitted with <c>fit_on_texts</c> is: <c>word_index</c> must be what the <c>word_counts</c> give
    /// (count descending, ties in the order of <c>word_counts</c>, the <c>oov_token</c> first),
    /// <c>index_word</c> its inverse, and <c>word_docs</c> must name the same words. <c>index_docs</c> is taken as
    /// it is (after <c>fit_on_sequences</c> it differs from <c>word_docs</c>).</para>
    /// <para>A file with no words and an empty <c>word_index</c> gives a tokenizer that has not been fitted on
    /// texts (<see cref="TextsToSequences"/> throws) but keeps <c>document_count</c> and <c>index_docs</c>, as after
    /// <see cref="FitOnSequences"/> alone; without an <c>oov_token</c> and without <c>index_docs</c> entries, a
    /// <c>document_count</c> above 0 means texts with no words were fitted, and the tokenizer counts as
    /// fitted.</para>
    /// </remarks>
    /// <param name="json">The JSON text.</param>
    /// <returns>The restored tokenizer.</returns>
    /// <exception cref="InvalidDataException">
    /// The text is not JSON, or not a Keras tokenizer configuration (a missing or mistyped key, an unknown key, a
    /// count that is not a positive integer, an index listed twice, or a <c>word_index</c> that does not follow
    /// from <c>word_counts</c>); the message names the key and what was expected.
    /// </exception>
    public static Tokenizer FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw InvalidJson($"the text is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InvalidJson($"expected an object with \"class_name\" and \"config\", found {Describe(root)}");
            }

            if (root.TryGetProperty("class_name", out JsonElement className)
                && (className.ValueKind != JsonValueKind.String || className.GetString() != JsonClassName))
            {
                throw InvalidJson($"\"class_name\" is {className.GetRawText()}, expected \"{JsonClassName}\"");
            }

            if (!root.TryGetProperty("config", out JsonElement config) || config.ValueKind != JsonValueKind.Object)
            {
                throw InvalidJson(root.TryGetProperty("config", out JsonElement other)
                    ? $"\"config\" is {Describe(other)}, expected an object"
                    : "there is no \"config\" object");
            }

            return FromConfig(config);
        }
    }

    private static Tokenizer FromConfig(JsonElement config)
    {
        foreach (JsonProperty property in config.EnumerateObject())
        {
            if (!ConfigKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw InvalidJson(
                    $"\"config\" has the unknown key \"{property.Name}\"; Keras's Tokenizer has {string.Join(", ", ConfigKeys.Select(k => $"\"{k}\""))}");
            }
        }

        int? numWords = null;
        if (config.TryGetProperty("num_words", out JsonElement numWordsElement) && numWordsElement.ValueKind != JsonValueKind.Null)
        {
            numWords = ReadCount(numWordsElement, "\"num_words\"", minimum: 0, "null or a count of zero or more");
        }

        string filters = ReadString(config, "filters", DefaultFilters);
        bool lower = ReadBoolean(config, "lower", true);
        string split = ReadString(config, "split", " ");
        if (split.Length == 0)
        {
            throw InvalidJson("\"split\" is empty, expected a separator of one or more characters");
        }

        bool charLevel = ReadBoolean(config, "char_level", false);

        string? oovToken = null;
        if (config.TryGetProperty("oov_token", out JsonElement oovElement) && oovElement.ValueKind != JsonValueKind.Null)
        {
            oovToken = oovElement.ValueKind == JsonValueKind.String
                ? oovElement.GetString()
                : throw InvalidJson($"\"oov_token\" is {Describe(oovElement)}, expected a string or null");
        }

        int documentCount = config.TryGetProperty("document_count", out JsonElement documentsElement)
            ? ReadCount(documentsElement, "\"document_count\"", minimum: 0, "a count of zero or more")
            : 0;

        List<(string Word, int Value)> counts = ReadWordMap(config, "word_counts");
        List<(string Word, int Value)> docs = ReadWordMap(config, "word_docs");
        List<(string Word, int Value)> index = ReadWordMap(config, "word_index");
        List<(int Index, string Word)> indexWord = ReadIndexWord(config);
        List<(int Index, int Documents)> indexDocs = ReadIndexDocs(config);

        var docsByWord = new Dictionary<string, int>(docs.Count, StringComparer.Ordinal);
        foreach ((string word, int value) in docs)
        {
            docsByWord[word] = value;
        }

        var tokenizer = new Tokenizer(numWords, filters, lower, split, oovToken, charLevel);
        var restored = new List<(string Word, int Count, int Documents)>(counts.Count);
        foreach ((string word, int count) in counts)
        {
            if (count < 1)
            {
                throw InvalidJson($"\"word_counts\" gives \"{Shorten(word)}\" the count {count}, expected 1 or more");
            }

            if (!docsByWord.TryGetValue(word, out int documents))
            {
                throw InvalidJson($"\"word_docs\" has no entry for \"{Shorten(word)}\", which \"word_counts\" lists");
            }

            if (documents < 1 || documents > count)
            {
                throw InvalidJson(
                    $"\"word_docs\" says \"{Shorten(word)}\" occurs in {documents} documents, expected 1 to its count in \"word_counts\" ({count})");
            }

            restored.Add((word, count, documents));
        }

        if (docs.Count != counts.Count)
        {
            var counted = new HashSet<string>(counts.Select(c => c.Word), StringComparer.Ordinal);
            string extra = docs.Select(d => d.Word).First(w => !counted.Contains(w));
            throw InvalidJson($"\"word_docs\" has \"{Shorten(extra)}\", which \"word_counts\" does not list");
        }

        // Keras writes an empty word_index until the first fit_on_texts: such a file gives back a tokenizer not
        // fitted on texts. With an oov_token, fit_on_texts always puts it in word_index; without one, texts with no
        // words leave word_index empty but count in document_count, as fit_on_sequences does, which also fills
        // index_docs.
        bool fitted = restored.Count > 0 || index.Count > 0
            || (oovToken is null && documentCount > 0 && indexDocs.Count == 0);
        tokenizer.Restore(restored, documentCount, fitted);
        CheckDerived(tokenizer, index, indexWord);
        tokenizer.RestoreIndexDocs(indexDocs);
        return tokenizer;
    }

    /// <summary>
    /// Replaces the fitted state with <paramref name="words"/> (in first-seen order) and, when
    /// <paramref name="fitted"/>, rebuilds the index.
    /// </summary>
    private void Restore(List<(string Word, int Count, int Documents)> words, int documentCount, bool fitted)
    {
        DocumentCount = documentCount;
        if (!fitted)
        {
            return;
        }

        int capacity = Math.Max(256, words.Count);
        _counts = new int[capacity];
        _documentsWithWord = new int[capacity];
        _lastDocumentOfWord = new int[capacity];
        foreach ((string word, int count, int documents) in words)
        {
            if (_vocabulary.Find(word) >= 0)
            {
                throw InvalidJson($"\"word_counts\" lists \"{Shorten(word)}\" twice");
            }

            int slot = _vocabulary.Add(word);
            _counts[slot] = count;
            _documentsWithWord[slot] = documents;
        }

        RebuildIndex();
    }

    /// <summary>Sets <see cref="IndexDocs"/> to <paramref name="entries"/>.</summary>
    private void RestoreIndexDocs(List<(int Index, int Documents)> entries)
    {
        var indexDocs = new OrderedDictionary<int, int>(entries.Count);
        foreach ((int index, int documents) in entries)
        {
            if (!indexDocs.TryAdd(index, documents))
            {
                throw InvalidJson($"\"index_docs\" lists the index {index} twice");
            }
        }

        _indexDocs = indexDocs;
        _indexDocsView = null;
    }

    private static void CheckDerived(Tokenizer tokenizer, List<(string Word, int Value)> index, List<(int Index, string Word)> indexWord)
    {
        IReadOnlyDictionary<string, int> expected = tokenizer.WordIndex;
        var given = new Dictionary<string, int>(index.Count, StringComparer.Ordinal);
        foreach ((string word, int value) in index)
        {
            given[word] = value;
        }

        foreach (KeyValuePair<string, int> entry in expected)
        {
            if (!given.TryGetValue(entry.Key, out int value) || value != entry.Value)
            {
                string found = given.ContainsKey(entry.Key) ? $"gives it {value}" : "does not have it";
                throw InvalidJson(
                    $"\"word_index\" {found}, but \"{Shorten(entry.Key)}\" is word {entry.Value} by the counts in \"word_counts\" "
                    + "(count descending, ties in listed order, the oov_token first); the index must follow from the counts");
            }
        }

        if (given.Count != expected.Count)
        {
            string extra = given.Keys.First(w => !expected.ContainsKey(w));
            throw InvalidJson($"\"word_index\" has \"{Shorten(extra)}\", which is neither in \"word_counts\" nor the oov_token");
        }

        IReadOnlyDictionary<int, string> inverse = tokenizer.IndexWord;
        var givenInverse = new Dictionary<int, string>(indexWord.Count);
        foreach ((int i, string word) in indexWord)
        {
            givenInverse[i] = word;
        }

        foreach (KeyValuePair<int, string> entry in inverse)
        {
            if (!givenInverse.TryGetValue(entry.Key, out string? word) || word != entry.Value)
            {
                throw InvalidJson(
                    $"\"index_word\" maps {entry.Key} to {(word is null ? "nothing" : $"\"{Shorten(word)}\"")}, but \"word_index\" gives it to \"{Shorten(entry.Value)}\"");
            }
        }

        if (givenInverse.Count != inverse.Count)
        {
            int extra = givenInverse.Keys.First(i => !inverse.ContainsKey(i));
            throw InvalidJson($"\"index_word\" has the index {extra}, which \"word_index\" does not give to any word");
        }
    }
}
