using System;
using System.Linq;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Text;
using Xunit;

namespace ModelDsl.Tests.Datasets.Corpora;

/// <summary>The tf-idf rows of the ReutersTopics baseline, on the real R8 files: the tokenizer fitted on the training newswires.</summary>
public sealed class ReutersR8TfidfTests
{
    private const string Train = "reuters_r8_substitute/r8-train-all-terms.txt";
    private const string Test = "reuters_r8_substitute/r8-test-all-terms.txt";

    [DatasetFact(Test)]
    public void TextsToMatrix_WithNumWords1000_GivesOneRowOf1000ColumnsPerTestNewswire()
    {
        LabeledTexts train = ReutersR8.Load(SharedDatasets.PathOf(Train));
        LabeledTexts test = ReutersR8.Load(SharedDatasets.PathOf(Test));
        var tokenizer = new Tokenizer(numWords: 1000);
        tokenizer.FitOnTexts(train.Texts);

        FloatMatrix matrix = tokenizer.TextsToMatrix(test.Texts, MatrixMode.Tfidf);

        Assert.Equal(2189, matrix.Rows);
        Assert.Equal(1000, matrix.Columns);
        Assert.All(Enumerable.Range(0, matrix.Rows), row => Assert.Equal(0f, matrix[row, 0]));
        Assert.All(matrix.Values, value => Assert.True(float.IsFinite(value) && value >= 0, $"tf-idf value {value}"));

        // Every test newswire has some of the 999 most frequent training words ("the" at least), so no row is all zero.
        Assert.All(Enumerable.Range(0, matrix.Rows), row => Assert.True(matrix.Row(row).ToArray().Any(v => v > 0), $"row {row} is all zero"));
        Assert.Equal(1, tokenizer.WordIndex["the"]);
        Assert.True(matrix[0, 1] > 0, "the first test newswire has no tf-idf for 'the'");
    }
}
