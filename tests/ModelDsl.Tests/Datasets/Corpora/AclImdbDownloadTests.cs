using System;
using System.IO;
using System.Linq;
using System.Text;
using ModelDsl.Datasets.Corpora;
using Xunit;

namespace ModelDsl.Tests.Datasets.Corpora;

/// <summary>
/// <see cref="AclImdbDownload"/> against a small aclImdb_v1.tar.gz served from 127.0.0.1: download, extraction,
/// placement and reuse; truncated, corrupt and unsafe archives refused with nothing left behind; a server that is down.
/// </summary>
public sealed class AclImdbDownloadTests : IDisposable
{
    private readonly CorpusTempFolder _folder = new();

    private string Cache => Path.Combine(_folder.Path, "cache");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Resolve_DownloadsExtractsAndPlacesTheReviews_ThenReusesThemWithoutDownloading()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(perClass: 3));
        var download = new AclImdbDownload { Url = server.Url, CacheDirectory = Cache };
        using var output = new StringWriter();

        string root = download.Resolve(output, interactive: false);

        Assert.Equal(Path.Combine(Path.GetFullPath(Cache), "aclImdb"), root);
        Assert.Equal(1, server.Hits);
        Assert.True(download.IsCached);
        LabeledTexts all = AclImdb.LoadAll(root, permutationSeed: 0);
        Assert.Equal(12, all.Count);
        Assert.Equal(new[] { 6, 6 }, all.CountPerClass());
        Assert.False(Directory.Exists(Path.Combine(root, "train", "unsup")), "unsup/ is not extracted");
        Assert.False(File.Exists(Path.Combine(root, "imdb.vocab")));
        Assert.Contains(server.Url.AbsoluteUri, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Extracted 12 reviews into " + root, output.ToString(), StringComparison.Ordinal);
        AssertOnlyPlacedFiles();
        string recorded = File.ReadAllText(Path.Combine(Cache, AclImdbDownload.HashFile));
        Assert.Matches("^[0-9a-f]{64}  " + System.Text.RegularExpressions.Regex.Escape(server.Url.AbsoluteUri) + "\n$", recorded);

        using var again = new StringWriter();
        Assert.Equal(root, new AclImdbDownload { Url = server.Url, CacheDirectory = Cache }.Resolve(again, interactive: false));
        Assert.Equal(1, server.Hits);
        Assert.Equal($"Using the IMDB reviews cached in {root}.", again.ToString().Trim());
    }

    [Fact]
    public void Resolve_InteractiveOutput_ShowsAProgressLine()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive());
        using var output = new StringWriter();

        new AclImdbDownload { Url = server.Url, CacheDirectory = Cache }.Resolve(output, interactive: true);

        Assert.Matches(@"\r  [0-9.]+ MB of [0-9.]+ MB \(100%\)", output.ToString());
    }

    [Fact]
    public void Resolve_FromAFileUrl_Works()
    {
        string archive = _folder.WriteBytes("aclImdb_v1.tar.gz", AclImdbArchiveServer.Archive(perClass: 2));

        string root = new AclImdbDownload { Url = new Uri(archive), CacheDirectory = Cache }.Resolve(TextWriter.Null, interactive: false);

        Assert.Equal(8, AclImdb.LoadAll(root).Count);
    }

    [Fact]
    public void Resolve_TruncatedArchive_IsRefused_AndNothingIsLeftBehind()
    {
        byte[] archive = AclImdbArchiveServer.Archive(perClass: 40);
        using var server = new AclImdbArchiveServer(archive[..(archive.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains($"The archive from {server.Url.AbsoluteUri} is not a complete, safe aclImdb_v1.tar.gz", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was placed in " + Path.Combine(Path.GetFullPath(Cache), "aclImdb"), error.Message, StringComparison.Ordinal);
        Assert.Contains("--data <file>", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_ArchiveTruncatedAtATarBoundary_IsRefusedByTheGzipTrailer()
    {
        // A complete gzip stream of a tar cut after a few entries, then the original trailer: the lengths disagree.
        byte[] archive = AclImdbArchiveServer.Archive(perClass: 40);
        byte[] tar = Gunzip(archive);
        byte[] cut = Gzip(tar[..(512 * 20)]);
        byte[] forged = cut[..^4].Concat(archive[^4..]).ToArray();
        using var server = new AclImdbArchiveServer(forged);

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("not a complete, safe aclImdb_v1.tar.gz", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_CorruptArchive_IsRefused_AndNothingIsLeftBehind()
    {
        byte[] archive = AclImdbArchiveServer.Archive(perClass: 40);
        for (int i = archive.Length / 3; i < archive.Length / 3 + 64; i++)
        {
            archive[i] ^= 0x5A;
        }

        using var server = new AclImdbArchiveServer(archive);

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("not a complete, safe aclImdb_v1.tar.gz", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_NotAnArchive_IsRefused()
    {
        using var server = new AclImdbArchiveServer(Encoding.UTF8.GetBytes("<html>captive portal: please log in to continue</html>"));

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("not a complete, safe aclImdb_v1.tar.gz", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Theory]
    [InlineData("aclImdb/../../escaped.txt")]
    [InlineData("../escaped.txt")]
    [InlineData("/tmp/escaped-modeldsl.txt")]
    public void Resolve_EntryEscapingTheFolder_IsRefused(string name)
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(extra: (name, Encoding.UTF8.GetBytes("gotcha"))));

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "escaped.txt")));
        Assert.False(File.Exists(Path.Combine(Cache, "escaped.txt")));
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_OversizedReview_IsRefused()
    {
        byte[] huge = new byte[AclImdbDownload.MaxEntryBytes + 1];
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(extra: ("aclImdb/train/pos/99_10.txt", huge)));

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("'aclImdb/train/pos/99_10.txt' is 1,048,577 bytes", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_ArchiveWithoutTheLayout_IsRefused()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(withTestNeg: false));

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("is not the aclImdb_v1.tar.gz expected: it has no reviews in aclImdb/test/neg/", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_UsesACompleteFolderInKerasCache_WithoutDownloading()
    {
        foreach (string path in new[] { "train/pos/0_9.txt", "train/neg/0_1.txt", "test/pos/0_8.txt", "test/neg/0_3.txt" })
        {
            _folder.Write("keras/aclImdb/" + path, "a review from Keras's copy");
        }

        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive());
        using var output = new StringWriter();
        var download = new AclImdbDownload { Url = server.Url, CacheDirectory = Cache, KerasCacheDirectory = Path.Combine(_folder.Path, "keras") };

        string root = download.Resolve(output, interactive: false);

        Assert.Equal(Path.Combine(_folder.Path, "keras", "aclImdb"), root);
        Assert.Equal(0, server.Hits);
        Assert.Contains("Keras extracted in " + root, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_IncompleteFolderInKerasCache_IsNotUsed()
    {
        _folder.Write("keras/aclImdb/train/pos/0_9.txt", "half of Keras's copy");
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive());
        var download = new AclImdbDownload { Url = server.Url, CacheDirectory = Cache, KerasCacheDirectory = Path.Combine(_folder.Path, "keras") };

        string root = download.Resolve(TextWriter.Null, interactive: false);

        Assert.Equal(Path.Combine(Path.GetFullPath(Cache), "aclImdb"), root);
        Assert.Equal(1, server.Hits);
    }

    [Fact]
    public void Resolve_ArchiveWithOtherCountsThanExpected_IsRefused()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(perClass: 3));
        var download = new AclImdbDownload { Url = server.Url, CacheDirectory = Cache, ReviewsPerClass = 4 };

        var error = Assert.Throws<InvalidDataException>(() => download.Resolve(TextWriter.Null, interactive: false));

        Assert.Contains("aclImdb/train/pos/ holds 3 reviews, not 4", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_DuplicateEntry_IsRefused()
    {
        using var server = new AclImdbArchiveServer(
            AclImdbArchiveServer.Archive(perClass: 2, extra: ("aclImdb/train/pos/0_9.txt", Encoding.UTF8.GetBytes("a second copy"))));

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("'aclImdb/train/pos/0_9.txt' appears twice", error.Message, StringComparison.Ordinal);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_Cancelled_LeavesNothingBehind()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(perClass: 2));
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => new AclImdbDownload { Url = server.Url, CacheDirectory = Cache }.Resolve(TextWriter.Null, interactive: false, cancelled.Token));

        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_AnotherArchiveThanTheFirstOne_IsRefused()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(perClass: 3));
        string root = Resolve(server.Url);
        Directory.Delete(root, recursive: true);
        server.Content = AclImdbArchiveServer.Archive(perClass: 4);

        var error = Assert.Throws<InvalidDataException>(() => Resolve(server.Url));

        Assert.Contains("not the", error.Message, StringComparison.Ordinal);
        Assert.Contains("recorded at the first download", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Resolve_ServerDown_NamesTheUrlTheCacheAndData()
    {
        Uri dead = AclImdbArchiveServer.DeadUrl();

        var error = Assert.Throws<IOException>(() => Resolve(dead));

        Assert.StartsWith($"could not download the IMDB reviews from {dead.AbsoluteUri} (", error.Message, StringComparison.Ordinal);
        Assert.Contains("they would be cached in " + Path.Combine(Path.GetFullPath(Cache), "aclImdb"), error.Message, StringComparison.Ordinal);
        Assert.Contains("--data <file>", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        AssertCacheEmpty();
    }

    [Fact]
    public void Resolve_IncompleteFolderWithoutMarker_IsReplaced()
    {
        _folder.Write("cache/aclImdb/train/pos/0_9.txt", "left by an interrupted copy");
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(perClass: 2));

        string root = Resolve(server.Url);

        Assert.Equal(1, server.Hits);
        Assert.Equal(8, AclImdb.LoadAll(root).Count);
        AssertOnlyPlacedFiles();
    }

    private string Resolve(Uri url) => new AclImdbDownload { Url = url, CacheDirectory = Cache }.Resolve(TextWriter.Null, interactive: false);

    /// <summary>The cache holds nothing but what a failed run may leave: no aclImdb folder, no partial download, no staging folder.</summary>
    private void AssertCacheEmpty()
    {
        if (Directory.Exists(Cache))
        {
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Cache), e => Path.GetFileName(e) != AclImdbDownload.HashFile);
        }
    }

    /// <summary>After a success the cache holds the aclImdb folder and the recorded hash, nothing else.</summary>
    private void AssertOnlyPlacedFiles() =>
        Assert.Equal(
            new[] { "aclImdb", AclImdbDownload.HashFile },
            Directory.EnumerateFileSystemEntries(Cache).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
