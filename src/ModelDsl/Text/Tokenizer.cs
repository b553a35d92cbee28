using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ModelDsl.Text;

/// <summary>
/// Turns texts into sequences of word indices, with the semantics of Keras's
/// <c>keras.preprocessing.text.Tokenizer</c> (the <c>keras_preprocessing</c> implementation):
/// the same tokenization, the same word ordering (count descending, ties in first-seen order), the same
/// <c>oov_token</c> and <c>num_words</c> rules. Index 0 is never assigned to a word; it is left for padding.
/// </summary>
/// <remarks>
/// <para>
/// Tokenization follows <c>text_to_word_sequence</c>: the text is lower-cased (as Python's <c>str.lower</c>
/// does it, including <c>İ</c> → <c>i̇</c> and the final-sigma rule), every character of
/// <see cref="Filters"/> is replaced by <see cref="Split"/>, the text is split on <see cref="Split"/> and empty
/// pieces are dropped. Characters are compared as Unicode code points, as Python does.
/// </para>
/// <para>
/// With <see cref="CharLevel"/>, every character (Unicode code point) of the lower-cased text is a token, as in
/// Keras: <see cref="Filters"/> and <see cref="Split"/> are not used, so spaces and punctuation are tokens too.
/// </para>
/// <para>
/// Besides <c>fit_on_texts</c> and <c>texts_to_sequences</c> it has <c>fit_on_sequences</c>
/// (<see cref="FitOnSequences"/>), <c>sequences_to_texts</c> (<see cref="SequencesToTexts"/>),
/// <c>texts_to_matrix</c> and <c>sequences_to_matrix</c> (<see cref="TextsToMatrix"/>,
/// <see cref="SequencesToMatrix"/>) and the Keras JSON format (<see cref="ToJson"/>, <see cref="FromJson"/>).
/// Pre-tokenized input (Keras's lists of tokens in place of strings) is not supported.
/// </para>
/// <para>
/// A tokenizer is not safe to fit from several threads at once. Once fitted, the conversions
/// (<see cref="TextsToSequences"/>, <see cref="SequencesToTexts"/>, the matrices) may be called from several
/// threads as long as no fit runs at the same time.
/// </para>
/// </remarks>
public sealed partial class Tokenizer
{
    /// <summary>
    /// Keras's default <c>filters</c>: all ASCII punctuation except the apostrophe, plus tab and line feed
    /// (<c>!"#$%&amp;()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>, <c>\t</c>, <c>\n</c>). Carriage returns are not in it.
    /// </summary>
    public const string DefaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private readonly WordSplitter _splitter;

    // Vocabulary in first-seen order: a word's "slot" is its position in that order.
    private readonly WordVocabulary _vocabulary = new();
    private int[] _counts = Array.Empty<int>();
    private int[] _documentsWithWord = Array.Empty<int>();
    private int[] _lastDocumentOfWord = Array.Empty<int>();

    // Keras's index_docs: index → number of documents, in the order the indices were first added (IndexDocs and
    // ToJson put the word indices first). fit_on_texts sets the entries of the word indices from the word docs;
    // fit_on_sequences adds to any index.
    private OrderedDictionary<int, int> _indexDocs = new();

    private int[] _indexOfSlot = Array.Empty<int>();
    private int[] _slotsByIndex = Array.Empty<int>();
    private int _oovIndex;
    private bool _fitted;

    private IReadOnlyDictionary<string, int>? _wordCountsView;
    private IReadOnlyDictionary<string, int>? _wordDocsView;
    private IReadOnlyDictionary<string, int>? _wordIndexView;
    private IReadOnlyDictionary<int, string>? _indexWordView;
    private IReadOnlyDictionary<int, int>? _indexDocsView;

    /// <summary>Creates a tokenizer; the parameters are Keras's, with the same defaults.</summary>
    /// <param name="numWords">
    /// Keras's <c>num_words</c>: when set, <see cref="TextsToSequences"/> keeps only indices below this value
    /// (so at most <c>numWords - 1</c> distinct ids, the oov index included). <see cref="WordIndex"/> always
    /// holds every word. As in Keras, 0 means no limit.
    /// </param>
    /// <param name="filters">Characters removed from the texts (each is replaced by <paramref name="split"/>).</param>
    /// <param name="lower">Whether texts are lower-cased before filtering and splitting.</param>
    /// <param name="split">The separator words are split on (a literal string, not a pattern).</param>
    /// <param name="oovToken">
    /// Keras's <c>oov_token</c>: when set, it gets index 1 in <see cref="WordIndex"/> (the other words move up by
    /// one), and <see cref="TextsToSequences"/> maps unknown words, and words cut by <paramref name="numWords"/>,
    /// to its index instead of dropping them. It is used as given (it is not lower-cased).
    /// </param>
    /// <param name="charLevel">
    /// Keras's <c>char_level</c>: when <see langword="true"/>, every character (Unicode code point) of the
    /// lower-cased text is a token, and <paramref name="filters"/> and <paramref name="split"/> are not used. It is
    /// the last parameter here (in Keras it comes before <c>oov_token</c>).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numWords"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="split"/> is empty.</exception>
    public Tokenizer(
        int? numWords = null,
        string filters = DefaultFilters,
        bool lower = true,
        string split = " ",
        string? oovToken = null,
        bool charLevel = false)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(split);
        if (numWords < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(numWords), numWords, "numWords must be null (no limit) or a count of zero or more.");
        }

        if (split.Length == 0)
        {
            throw new ArgumentException("split must not be empty (Python's str.split rejects an empty separator).", nameof(split));
        }

        NumWords = numWords;
        Filters = filters;
        Lower = lower;
        Split = split;
        OovToken = oovToken;
        CharLevel = charLevel;
        _splitter = new WordSplitter(filters, lower, split, charLevel);
    }

    /// <summary>Keras's <c>num_words</c>: ids at or above it are dropped (or become the oov index) when converting.</summary>
    public int? NumWords { get; }

    /// <summary>Keras's <c>filters</c>: the characters removed from texts.</summary>
    public string Filters { get; }

    /// <summary>Keras's <c>lower</c>: whether texts are lower-cased.</summary>
    public bool Lower { get; }

    /// <summary>Keras's <c>split</c>: the word separator.</summary>
    public string Split { get; }

    /// <summary>Keras's <c>oov_token</c>, or <c>null</c> when unknown words are dropped.</summary>
    public string? OovToken { get; }

    /// <summary>
    /// Keras's <c>char_level</c>: whether every character (Unicode code point) is a token, in place of words.
    /// </summary>
    public bool CharLevel { get; }

    /// <summary>
    /// Keras's <c>document_count</c>: how many texts <see cref="FitOnTexts"/> and sequences
    /// <see cref="FitOnSequences"/> have seen in total.
    /// </summary>
    public int DocumentCount { get; private set; }

    /// <summary>
    /// Keras's <c>word_counts</c>: how often each word occurred in the fitted texts, in the order the words were
    /// first seen.
    /// </summary>
    public IReadOnlyDictionary<string, int> WordCounts =>
        _wordCountsView ??= BuildSlotView(_counts);

    /// <summary>Keras's <c>word_docs</c>: in how many fitted texts each word occurs (first-seen order).</summary>
    public IReadOnlyDictionary<string, int> WordDocs =>
        _wordDocsView ??= BuildSlotView(_documentsWithWord);

    /// <summary>
    /// Keras's <c>word_index</c>: word → index, from 1, in index order: words sorted by count descending, ties
    /// in first-seen order; with an <see cref="OovToken"/>, that token is 1 and the words start at 2. It holds
    /// every word seen, whatever <see cref="NumWords"/> is. Empty until <see cref="FitOnTexts"/> is called.
    /// </summary>
    /// <remarks>
    /// As in Keras, if the oov token itself occurs as a word in the texts, its entry takes the index of that
    /// word's rank (the later assignment wins) and index 1 is left without a word.
    /// </remarks>
    public IReadOnlyDictionary<string, int> WordIndex => _wordIndexView ??= BuildWordIndex();

    /// <summary>Keras's <c>index_word</c>: the inverse of <see cref="WordIndex"/>.</summary>
    public IReadOnlyDictionary<int, string> IndexWord => _indexWordView ??= BuildIndexWord();

    /// <summary>
    /// Keras's <c>index_docs</c>: index → in how many documents it occurs, the document frequencies that
    /// <see cref="MatrixMode.Tfidf"/> uses. <see cref="FitOnTexts"/> sets the entry of every word's index to its
    /// <see cref="WordDocs"/> count (replacing what was there); <see cref="FitOnSequences"/> adds one to the entry of
    /// every distinct index of each sequence. The entries of word indices come first, in the order of
    /// <see cref="WordDocs"/> (first seen), then the others in the order they were first added.
    /// </summary>
    public IReadOnlyDictionary<int, int> IndexDocs =>
        _indexDocsView ??= new ReadOnlyDictionary<int, int>(new OrderedDictionary<int, int>(IndexDocsInOrder()));

    /// <summary>
    /// Keras's <c>fit_on_texts</c>: updates <see cref="WordCounts"/>, <see cref="WordDocs"/> and
    /// <see cref="DocumentCount"/> with <paramref name="texts"/>, then rebuilds <see cref="WordIndex"/> from all
    /// texts fitted so far and sets the <see cref="IndexDocs"/> entry of every word's index to its
    /// <see cref="WordDocs"/> count. It can be called more than once.
    /// </summary>
    /// <param name="texts">The texts; each is one document. The sequence is enumerated once.</param>
    /// <exception cref="ArgumentException">One of the texts is <c>null</c>.</exception>
    public void FitOnTexts(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = new List<TokenSpan>();
        char[] buffer = Array.Empty<char>();
        int position = 0;
        try
        {
            foreach (string? text in texts)
            {
                if (text is null)
                {
                    throw new ArgumentException($"texts[{position}] is null.", nameof(texts));
                }

                position++;
                int document = ++DocumentCount;
                _splitter.SplitInto(text, ref buffer, tokens);
                foreach (TokenSpan token in tokens)
                {
                    ReadOnlySpan<char> word = buffer.AsSpan(token.Start, token.Length);
                    int slot = _vocabulary.Find(word);
                    if (slot < 0)
                    {
                        slot = _vocabulary.Add(word);
                        if (slot == _counts.Length)
                        {
                            int capacity = Math.Max(256, 2 * _counts.Length);
                            Array.Resize(ref _counts, capacity);
                            Array.Resize(ref _documentsWithWord, capacity);
                            Array.Resize(ref _lastDocumentOfWord, capacity);
                        }
                    }

                    _counts[slot]++;
                    if (_lastDocumentOfWord[slot] != document)
                    {
                        _lastDocumentOfWord[slot] = document;
                        _documentsWithWord[slot]++;
                    }
                }
            }
        }
        finally
        {
            RebuildIndex();
        }
    }

    /// <summary>
    /// Keras's <c>texts_to_sequences</c>: each text becomes the indices of its words. Words not in
    /// <see cref="WordIndex"/> are dropped, or become the oov index when <see cref="OovToken"/> is set; with
    /// <see cref="NumWords"/>, indices at or above it are dropped, or become the oov index.
    /// </summary>
    /// <param name="texts">The texts to convert; enumerated once.</param>
    /// <returns>One array of indices per text, in order (an empty array for a text with no kept words).</returns>
    /// <exception cref="InvalidOperationException"><see cref="FitOnTexts"/> has not been called.</exception>
    /// <exception cref="ArgumentException">One of the texts is <c>null</c>.</exception>
    public List<int[]> TextsToSequences(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (!_fitted)
        {
            throw new InvalidOperationException(
                "The tokenizer has no word index yet: call FitOnTexts before TextsToSequences.");
        }

        int limit = NumWords ?? 0;
        int oovIndex = _oovIndex;
        var tokens = new List<TokenSpan>();
        var sequence = new List<int>();
        char[] buffer = Array.Empty<char>();
        var result = texts is IReadOnlyCollection<string> collection
            ? new List<int[]>(collection.Count)
            : new List<int[]>();
        foreach (string? text in texts)
        {
            if (text is null)
            {
                throw new ArgumentException($"texts[{result.Count}] is null.", nameof(texts));
            }

            _splitter.SplitInto(text, ref buffer, tokens);
            sequence.Clear();
            foreach (TokenSpan token in tokens)
            {
                int slot = _vocabulary.Find(buffer.AsSpan(token.Start, token.Length));
                if (slot >= 0)
                {
                    int index = _indexOfSlot[slot];
                    if (limit != 0 && index >= limit)
                    {
                        if (oovIndex != 0)
                        {
                            sequence.Add(oovIndex);
                        }
                    }
                    else
                    {
                        sequence.Add(index);
                    }
                }
                else if (oovIndex != 0)
                {
                    sequence.Add(oovIndex);
                }
            }

            result.Add(sequence.ToArray());
        }

        return result;
    }

    /// <summary>
    /// Keras's <c>text_to_word_sequence</c>: lower-cases <paramref name="text"/> (when <paramref name="lower"/>),
    /// replaces each character of <paramref name="filters"/> by <paramref name="split"/>, splits on
    /// <paramref name="split"/> and drops empty pieces.
    /// </summary>
    /// <param name="text">The text to split.</param>
    /// <param name="filters">Characters to remove.</param>
    /// <param name="lower">Whether to lower-case first.</param>
    /// <param name="split">The separator (a literal string).</param>
    /// <returns>The words, in order.</returns>
    /// <exception cref="ArgumentException"><paramref name="split"/> is empty.</exception>
    public static string[] TextToWordSequence(
        string text, string filters = DefaultFilters, bool lower = true, string split = " ")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(split);
        if (split.Length == 0)
        {
            throw new ArgumentException("split must not be empty (Python's str.split rejects an empty separator).", nameof(split));
        }

        var splitter = new WordSplitter(filters, lower, split);
        var tokens = new List<TokenSpan>();
        char[] buffer = Array.Empty<char>();
        splitter.SplitInto(text, ref buffer, tokens);
        var words = new string[tokens.Count];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = new string(buffer, tokens[i].Start, tokens[i].Length);
        }

        return words;
    }
}
