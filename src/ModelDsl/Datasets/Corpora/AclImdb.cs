using System;
using System.Collections.Generic;
using System.IO;
using ModelDsl.Numpy;

namespace ModelDsl.Datasets.Corpora;

/// <summary>A split of the Large Movie Review Dataset: the folder under the root it is read from.</summary>
public enum AclImdbSplit
{
    /// <summary><c>train/</c>: 25,000 labelled reviews (12,500 positive, 12,500 negative).</summary>
    Train,

    /// <summary><c>test/</c>: 25,000 labelled reviews (12,500 positive, 12,500 negative).</summary>
    Test,
}

/// <summary>
/// Reads the Large Movie Review Dataset (Maas et al., ACL 2011; please cite it) as extracted from
/// <c>aclImdb_v1.tar.gz</c>: <c>&lt;root&gt;/{train,test}/{pos,neg}/*.txt</c>, one review per file. Labels are
/// 1 for <c>pos</c> and 0 for <c>neg</c> (<see cref="LabeledTexts.ClassNames"/>: negative, positive).
/// </summary>
/// <remarks>
/// <para>
/// Files are read in the order of Raschka's recipe (<i>Python Machine Learning</i>, chapter 8): <c>pos</c>, then
/// <c>neg</c>, and within a folder by file name sorted by ordinal (<c>sorted(os.listdir(path))</c>, so
/// <c>10000_7.txt</c> comes before <c>1000_8.txt</c>). Only files whose name ends in <c>.txt</c> are read; the
/// <c>unsup/</c> folder and the bag-of-words files beside the folders are ignored.
/// </para>
/// <para>
/// Each file is read as Python's <c>open(path, 'r', encoding='utf-8').read()</c> does: strict UTF-8, with CRLF
/// and lone CR turned into LF (a UTF-8 byte-order mark is dropped). The reviews keep their <c>&lt;br /&gt;</c>
/// tags.
/// </para>
/// </remarks>
public static class AclImdb
{
    private const string Layout = "<root>/{train,test}/{pos,neg}/*.txt, as extracted from aclImdb_v1.tar.gz";

    /// <summary>Reads one split: its <c>pos</c> reviews (label 1), then its <c>neg</c> reviews (label 0).</summary>
    /// <param name="root">The <c>aclImdb</c> folder, which holds <c>train/</c> and <c>test/</c>.</param>
    /// <param name="split">Which folder to read.</param>
    /// <returns>The reviews in that order (see the remarks of <see cref="AclImdb"/>).</returns>
    /// <exception cref="DirectoryNotFoundException">The root, the split folder, or its <c>pos</c> or <c>neg</c> folder does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException">A class folder has no <c>.txt</c> files, or a file is not valid UTF-8; the message names the folder or the file and line.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="split"/> is not a defined value.</exception>
    public static LabeledTexts Load(string root, AclImdbSplit split)
    {
        string name = SplitFolder(split);
        CheckRoot(root);
        var texts = new List<string>(25_000);
        var labels = new List<int>(25_000);
        ReadSplit(root, name, texts, labels);
        return new LabeledTexts(texts.ToArray(), labels.ToArray(), LabeledTexts.SentimentClassNames);
    }

    /// <summary>
    /// Reads all 50,000 labelled reviews as Raschka's recipe builds <c>movie_data.csv</c>: <c>test/pos</c>,
    /// <c>test/neg</c>, <c>train/pos</c>, <c>train/neg</c>, then, with <paramref name="permutationSeed"/>, reordered by
    /// <c>np.random.seed(seed); np.random.permutation(n)</c>.
    /// </summary>
    /// <param name="root">The <c>aclImdb</c> folder, which holds <c>train/</c> and <c>test/</c>.</param>
    /// <param name="permutationSeed">
    /// <c>null</c> keeps the folder order; a seed shuffles with numpy's legacy generator. Raschka uses 0, which gives
    /// the row order of <c>movie_data.csv</c>.
    /// </param>
    /// <returns>The reviews, labelled 1 (positive) or 0 (negative).</returns>
    /// <exception cref="DirectoryNotFoundException">A folder of the layout does not exist; the message names it.</exception>
    /// <exception cref="InvalidDataException">A class folder has no <c>.txt</c> files, or a file is not valid UTF-8; the message names the folder or the file and line.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutationSeed"/> is negative or above 2³² − 1 (numpy's range).</exception>
    public static LabeledTexts LoadAll(string root, long? permutationSeed = null)
    {
        if (permutationSeed is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(permutationSeed), permutationSeed, "numpy seeds must be from 0 to 2**32 - 1.");
        }

        CheckRoot(root);
        var texts = new List<string>(50_000);
        var labels = new List<int>(50_000);
        ReadSplit(root, SplitFolder(AclImdbSplit.Test), texts, labels);
        ReadSplit(root, SplitFolder(AclImdbSplit.Train), texts, labels);
        string[] textArray = texts.ToArray();
        int[] labelArray = labels.ToArray();
        if (permutationSeed is { } seed)
        {
            // df.reindex(np.random.permutation(df.index)): row i of the result is row perm[i] of the original.
            int[] permutation = new NumpyRandomState(seed).Permutation(textArray.Length);
            var shuffledTexts = new string[textArray.Length];
            var shuffledLabels = new int[labelArray.Length];
            for (int i = 0; i < permutation.Length; i++)
            {
                shuffledTexts[i] = textArray[permutation[i]];
                shuffledLabels[i] = labelArray[permutation[i]];
            }

            textArray = shuffledTexts;
            labelArray = shuffledLabels;
        }

        return new LabeledTexts(textArray, labelArray, LabeledTexts.SentimentClassNames);
    }

    private static string SplitFolder(AclImdbSplit split) => split switch
    {
        AclImdbSplit.Train => "train",
        AclImdbSplit.Test => "test",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "split must be AclImdbSplit.Train or AclImdbSplit.Test."),
    };

    private static void CheckRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException(
                $"aclImdb folder not found: {Path.GetFullPath(root)} (expected {Layout}).");
        }
    }

    private static void ReadSplit(string root, string split, List<string> texts, List<int> labels)
    {
        string splitFolder = Path.Combine(root, split);
        if (!Directory.Exists(splitFolder))
        {
            throw new DirectoryNotFoundException(
                $"aclImdb folder not found: {Path.GetFullPath(splitFolder)} (the root {Path.GetFullPath(root)} has no '{split}' folder; expected {Layout}).");
        }

        ReadClass(splitFolder, "pos", 1, texts, labels);
        ReadClass(splitFolder, "neg", 0, texts, labels);
    }

    private static void ReadClass(string splitFolder, string name, int label, List<string> texts, List<int> labels)
    {
        string folder = Path.Combine(splitFolder, name);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"aclImdb folder not found: {Path.GetFullPath(folder)} (expected {Layout}).");
        }

        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (file.EndsWith(".txt", StringComparison.Ordinal))
            {
                files.Add(file);
            }
        }

        if (files.Count == 0)
        {
            throw new InvalidDataException(
                $"{Path.GetFullPath(folder)}: expected the reviews as .txt files (one review per file), found none.");
        }

        // Python's sorted() compares code points; ordinal UTF-16 order is the same for the names aclImdb has.
        files.Sort(StringComparer.Ordinal);
        foreach (string file in files)
        {
            int limit = TextRecordLimit.Current;
            if (new FileInfo(file).Length > limit)
            {
                throw new InvalidDataException($"{file}: the review is {TextRecordLimit.Exceeded(limit, "bytes")}.");
            }

            byte[] bytes = File.ReadAllBytes(file);
            texts.Add(PythonText.TranslateNewlines(PythonText.DecodeUtf8(bytes, file)));
            labels.Add(label);
        }
    }
}
