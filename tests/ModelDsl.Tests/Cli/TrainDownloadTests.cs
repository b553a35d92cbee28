using System;
using System.IO;
using System.Threading.Tasks;
using ModelDsl.Cli;
using ModelDsl.Datasets.Corpora;
using ModelDsl.Tests.Datasets.Corpora;
using ModelDsl.Tests.Training;
using Xunit;
using static ModelDsl.Tests.Cli.CliTestSupport;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// <c>train</c> without <c>--data</c>: the reviews come from aclImdb_v1.tar.gz, here served from 127.0.0.1 into a
/// temporary cache (<see cref="AclImdbDownload.Current"/> is the seam), downloaded once and reused.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class TrainDownloadTests : IDisposable
{
    private readonly CorpusTempFolder _folder = new();
    private readonly AclImdbDownload _previous = AclImdbDownload.Current;

    private string Cache => Path.Combine(_folder.Path, "cache");

    public void Dispose()
    {
        AclImdbDownload.Current = _previous;
        _folder.Dispose();
    }

    [Fact]
    public async Task Train_WithoutData_DownloadsTheReviewsOnce_ThenReusesThem()
    {
        using var server = new AclImdbArchiveServer(AclImdbArchiveServer.Archive(perClass: 5));
        AclImdbDownload.Current = new AclImdbDownload { Url = server.Url, CacheDirectory = Cache };
        string root = Path.Combine(Path.GetFullPath(Cache), "aclImdb");
        string[] args = { "train", "--epochs", "1", "--batch-size", "8", "--limit", "16", "--out", Path.Combine(_folder.Path, "run") };

        var first = await Run(CliModels.Binary, args);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(1, server.Hits);
        Assert.Contains($"Downloading the IMDB reviews (Maas et al., 2011) from {server.Url.AbsoluteUri} into {Path.GetFullPath(Cache)}", first.Output, StringComparison.Ordinal);
        Assert.Contains($"Extracted 20 reviews into {root}", first.Output, StringComparison.Ordinal);
        Assert.Contains($"CliModel: 16 reviews from {root}: 12 to train", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "run", TextRunFiles.ModelFile)));

        var second = await Run(CliModels.Binary, args);

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(1, server.Hits);
        Assert.Contains($"Using the IMDB reviews cached in {root}.", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Downloading", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithoutData_Offline_PrintsOneLineNamingTheUrlTheCacheAndData()
    {
        Uri dead = AclImdbArchiveServer.DeadUrl();
        AclImdbDownload.Current = new AclImdbDownload { Url = dead, CacheDirectory = Cache };

        var run = await Run(CliModels.Binary, "train", "--epochs", "1", "--out", Path.Combine(_folder.Path, "run"));

        Assert.Equal(ModelCommandLine.ExitFailure, run.ExitCode);
        string line = Assert.Single(Lines(run.Error));
        Assert.Contains($" train: could not download the IMDB reviews from {dead.AbsoluteUri} (", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Path.GetFullPath(Cache), "aclImdb"), line, StringComparison.Ordinal);
        Assert.Contains("--data <file>", line, StringComparison.Ordinal);
        AssertNoStackTrace(run);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "run")));
    }

    [Fact]
    public async Task Train_WithoutData_CorruptArchive_PrintsOneLine()
    {
        byte[] archive = AclImdbArchiveServer.Archive(perClass: 20);
        using var server = new AclImdbArchiveServer(archive[..(archive.Length / 2)]);
        AclImdbDownload.Current = new AclImdbDownload { Url = server.Url, CacheDirectory = Cache };

        var run = await Run(CliModels.Binary, "train", "--epochs", "1", "--out", Path.Combine(_folder.Path, "run"));

        Assert.Equal(ModelCommandLine.ExitFailure, run.ExitCode);
        string line = Assert.Single(Lines(run.Error));
        Assert.Contains("is not a complete, safe aclImdb_v1.tar.gz", line, StringComparison.Ordinal);
        AssertNoStackTrace(run);
        Assert.False(Directory.Exists(Path.Combine(Cache, "aclImdb")));
    }
}
