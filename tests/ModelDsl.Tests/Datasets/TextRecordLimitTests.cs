using System;
using System.IO;
using System.Text;
using ModelDsl.Datasets;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Tests.Datasets.Corpora;
using Xunit;

namespace ModelDsl.Tests.Datasets;

/// <summary>
/// Every text reader refuses a record longer than <see cref="TextRecordLimit"/>, naming the file and line, instead of
/// growing a buffer until the process aborts. The limit is lowered here so the records stay small.
/// </summary>
public sealed class TextRecordLimitTests : IDisposable
{
    private const int Limit = 1000;

    private readonly CorpusTempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void MovieReviews_ARecordOverTheLimit_IsRefusedNamingFileAndLine_OneUnderItIsRead()
    {
        string under = new('a', Limit - 10);
        string over = new('b', 70_000); // longer than the reader's 64 Ki-character buffer, and quoted
        string path = _folder.Write("reviews.csv", $"review,sentiment\n{under},1\n\"{over}\",0\n");

        using (TextRecordLimit.LowerForTesting(Limit))
        {
            var error = Assert.Throws<InvalidDataException>(() => MovieReviews.Load(path));
            Assert.Equal($"{path}, line 3: the record that starts on this line is longer than 1,000 characters, the limit for one record (is this the right file?).", error.Message);

            var (texts, _) = MovieReviews.Load(path, limit: 1);
            Assert.Equal(under, Assert.Single(texts));
        }
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(200_000)]
    public void CorpusLines_ALineOverTheLimit_IsRefusedNamingFileAndLine(int length)
    {
        string path = _folder.Write("corpus.txt", $"short\n{new string('x', length)}\nafter\n");

        using (TextRecordLimit.LowerForTesting(Limit))
        {
            using var reader = CorpusLineReader.Open(path, Encoding.UTF8, "a text file");
            Assert.True(reader.TryReadLine(out string first));
            Assert.Equal("short", first);
            var error = Assert.Throws<InvalidDataException>(() => reader.TryReadLine(out _));
            Assert.StartsWith($"{path}, line 2: the line is longer than 1,000 bytes", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AclImdb_AReviewFileOverTheLimit_IsRefusedNamingIt()
    {
        _folder.Write("aclImdb/train/pos/0_9.txt", "fine");
        string huge = _folder.Write("aclImdb/train/neg/0_1.txt", new string('z', Limit + 1));

        using (TextRecordLimit.LowerForTesting(Limit))
        {
            var error = Assert.Throws<InvalidDataException>(() => AclImdb.Load(Path.Combine(_folder.Path, "aclImdb"), AclImdbSplit.Train));
            Assert.StartsWith($"{huge}: the review is longer than 1,000 bytes", error.Message, StringComparison.Ordinal);
        }
    }
}
