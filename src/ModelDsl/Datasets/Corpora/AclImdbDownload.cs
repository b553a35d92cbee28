using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using ModelDsl.Datasets.Keras;
using ModelDsl.Training;

namespace ModelDsl.Datasets.Corpora;

/// <summary>
/// Fetches the Large Movie Review Dataset for <c>train</c> without <c>--data</c>: Stanford's
/// <c>aclImdb_v1.tar.gz</c> is downloaded once into the dataset cache (<see cref="KerasDatasetCache.DefaultCacheDirectory"/>,
/// <c>$MODELDSL_CACHE</c> or <c>~/.modeldsl/datasets</c>), extracted with System.Formats.Tar into a staging folder,
/// checked, and moved into place as <c>&lt;cache&gt;/aclImdb</c> with one rename; later runs reuse that folder.
/// </summary>
/// <remarks>
/// <para>Stanford publishes no checksum for the archive, so it is checked by structure: a complete gzip stream (its
/// trailer's length matches what was decompressed), no entry that would land outside the target folder, no review
/// file above <see cref="MaxEntryBytes"/>, at most <see cref="MaxExtractedBytes"/> extracted, and the
/// <c>{train,test}/{pos,neg}/*.txt</c> layout present. The SHA-256 of the first archive accepted is recorded in
/// <c>&lt;cache&gt;/aclImdb_v1.tar.gz.sha256</c>; a later download (after the folder was deleted) must match it.</para>
/// <para>Only the labelled reviews are extracted (<c>unsup/</c>, the bag-of-words files and the vocabulary are
/// skipped), and the archive is deleted once the folder is in place.</para>
/// </remarks>
internal sealed class AclImdbDownload
{
    /// <summary>Where Stanford publishes the archive.</summary>
    public const string DefaultUrl = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";

    /// <summary>The folder the archive extracts to, under the cache folder.</summary>
    public const string FolderName = "aclImdb";

    /// <summary>The file, inside the extracted folder, written last before it is moved into place: it holds the archive's SHA-256.</summary>
    public const string CompleteMarker = ".modeldsl-complete";

    /// <summary>The file, in the cache folder, that records the SHA-256 of the first archive accepted.</summary>
    public const string HashFile = "aclImdb_v1.tar.gz.sha256";

    /// <summary>The largest archive accepted (the real one is about 84 MB).</summary>
    public const long MaxArchiveBytes = 1L << 30;

    /// <summary>The largest review file extracted (the real ones are under 14 KB).</summary>
    public const long MaxEntryBytes = 1L << 20;

    /// <summary>The most bytes extracted in all (the labelled reviews are about 130 MB).</summary>
    public const long MaxExtractedBytes = 1L << 30;

    /// <summary>The most entries read from the archive (the real one has about 100,000).</summary>
    public const int MaxEntries = 500_000;

    internal static readonly string[] Splits = { "train", "test" };
    internal static readonly string[] Classes = { "pos", "neg" };

    /// <summary>
    /// The download the command line uses (Stanford's URL, the default cache, and Keras's cache looked in first); tests
    /// replace it to point at a local server and a temporary cache.
    /// </summary>
    internal static AclImdbDownload Current { get; set; } = new() { KerasCacheDirectory = KerasDatasetCache.DefaultKerasCacheDirectory };

    /// <summary>The archive's URL (http, https or file).</summary>
    public Uri Url { get; init; } = new(DefaultUrl);

    /// <summary>The cache folder the archive is extracted into.</summary>
    public string CacheDirectory { get; init; } = KerasDatasetCache.DefaultCacheDirectory;

    /// <summary>
    /// Keras's cache folder (<c>~/.keras/datasets</c>), looked in first and never written to: an <c>aclImdb</c> folder that
    /// <c>keras.utils.get_file(..., untar=True)</c> extracted there is used when its layout is complete; <c>null</c> to not look.
    /// </summary>
    public string? KerasCacheDirectory { get; init; }

    /// <summary>
    /// How many reviews each of <c>{train,test}/{pos,neg}</c> must hold: 12,500 for Stanford's archive (its published
    /// counts), any number (at least one) for another URL unless set.
    /// </summary>
    public int? ReviewsPerClass { get; init; }

    private int? ExpectedPerClass => ReviewsPerClass ?? (Url.AbsoluteUri == DefaultUrl ? 12_500 : null);

    /// <summary>How long the download may take in all.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The extracted <c>aclImdb</c> folder, once it is in place.</summary>
    public string Root => Path.Combine(Path.GetFullPath(CacheDirectory), FolderName);

    /// <summary>Whether the extracted folder is already in place (its completion marker is there).</summary>
    public bool IsCached => File.Exists(Path.Combine(Root, CompleteMarker));

    /// <summary>The <c>aclImdb</c> folder: the cached one, or else a fresh download extracted into the cache.</summary>
    /// <param name="output">Where the progress goes.</param>
    /// <param name="interactive">Whether <paramref name="output"/> is a terminal: the progress is then one line rewritten in place.</param>
    /// <param name="cancellation">Stops the download.</param>
    /// <returns>The full path of the <c>aclImdb</c> folder.</returns>
    /// <exception cref="IOException">The archive could not be downloaded (no network, an HTTP error): the one-line message names the URL, the cache folder and <c>--data</c>.</exception>
    /// <exception cref="InvalidDataException">The archive is truncated, corrupt, unsafe or not the aclImdb layout; nothing was placed in the cache.</exception>
    public string Resolve(TextWriter output, bool interactive, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        string cache = Path.GetFullPath(CacheDirectory);
        string root = Root;
        if (IsCached)
        {
            output.WriteLine($"Using the IMDB reviews cached in {root}.");
            return root;
        }

        if (!string.IsNullOrEmpty(KerasCacheDirectory))
        {
            string kerasRoot = Path.Combine(Path.GetFullPath(KerasCacheDirectory), FolderName);
            if (LayoutProblem(kerasRoot) is null)
            {
                output.WriteLine($"Using the IMDB reviews Keras extracted in {kerasRoot}.");
                return kerasRoot;
            }
        }

        Directory.CreateDirectory(cache);
        DeleteStaleLeftovers(cache);
        string id = Guid.NewGuid().ToString("N");
        string archive = Path.Combine(cache, $".aclImdb_v1.tar.gz.{id}.part");
        string staging = Path.Combine(cache, $".aclImdb.{id}.extract");
        try
        {
            output.WriteLine(
                $"Downloading the IMDB reviews (Maas et al., 2011) from {Url.AbsoluteUri} into {cache} (once; --data <file> uses a local copy instead).");
            string sha256 = Download(archive, output, interactive, cancellation);
            string hashPath = Path.Combine(cache, HashFile);
            string? recorded = File.Exists(hashPath) ? File.ReadAllText(hashPath).Split(' ', 2)[0].Trim() : null;
            if (recorded is not null && !string.Equals(recorded, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"The archive downloaded from {Url.AbsoluteUri} has SHA-256 {sha256}, not the {recorded} recorded at the first download "
                    + $"in {hashPath}; it was discarded and nothing was placed in {root}. Delete {hashPath} to accept the new archive, "
                    + "or give a local copy with --data <file>.");
            }

            long files = Extract(archive, staging, root, cancellation);
            string extracted = Path.Combine(staging, FolderName);
            CheckLayout(extracted, root);
            File.WriteAllText(Path.Combine(extracted, CompleteMarker), sha256 + "\n");
            Place(extracted, root);
            if (recorded is null)
            {
                AtomicFile.Write(hashPath, stream => stream.Write(System.Text.Encoding.ASCII.GetBytes($"{sha256}  {Url.AbsoluteUri}\n")));
            }

            output.WriteLine($"Extracted {files.ToString("N0", CultureInfo.InvariantCulture)} reviews into {root} (archive SHA-256 {sha256}).");
            return root;
        }
        finally
        {
            TryDelete(archive);
            TryDeleteFolder(staging);
        }
    }

    /// <summary>Downloads the archive to <paramref name="path"/> with a progress line; returns its SHA-256.</summary>
    private string Download(string path, TextWriter output, bool interactive, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(DownloadTimeout);
        HttpClient? client = null;
        HttpResponseMessage? response = null;
        try
        {
            Stream body;
            long? length;
            if (Url.IsFile)
            {
                body = new FileStream(Url.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                length = body.Length;
            }
            else
            {
                var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) };
                client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
                using var request = new HttpRequestMessage(HttpMethod.Get, Url);
                response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                response.EnsureSuccessStatusCode();
                length = response.Content.Headers.ContentLength;
                body = response.Content.ReadAsStream(deadline.Token);
            }

            if (length > MaxArchiveBytes)
            {
                throw new InvalidDataException(
                    $"{Url.AbsoluteUri} offers {Megabytes(length.Value)}, more than the {Megabytes(MaxArchiveBytes)} accepted for aclImdb_v1.tar.gz; nothing was downloaded.");
            }

            // Reading synchronously takes no token: past the deadline, disposing the body ends the read.
            using CancellationTokenRegistration abort = deadline.Token.Register(body.Dispose);
            using (body)
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                long received = 0;
                var clock = Stopwatch.StartNew();
                long lastReport = -1;
                int read;
                while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
                {
                    received += read;
                    if (received > MaxArchiveBytes)
                    {
                        throw new InvalidDataException(
                            $"{Url.AbsoluteUri} sent more than the {Megabytes(MaxArchiveBytes)} accepted for aclImdb_v1.tar.gz; the download was discarded.");
                    }

                    hash.AppendData(buffer, 0, read);
                    file.Write(buffer, 0, read);
                    if (interactive && clock.ElapsedMilliseconds - lastReport >= 200)
                    {
                        lastReport = clock.ElapsedMilliseconds;
                        output.Write("\r" + Progress(received, length));
                    }
                }

                deadline.Token.ThrowIfCancellationRequested();
                if (length is { } expected && received != expected)
                {
                    throw new InvalidDataException(
                        $"The download from {Url.AbsoluteUri} ended after {received:N0} of its {expected:N0} bytes; it was discarded and nothing was placed in {Root}. "
                        + "Run train again to retry, or give a local copy with --data <file>.");
                }

                file.Flush(flushToDisk: true);
                if (interactive)
                {
                    output.Write("\r" + Progress(received, length) + Environment.NewLine);
                }
                else
                {
                    output.WriteLine($"Downloaded {Megabytes(received)} in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
                }

                return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
            }
        }
        catch (Exception e) when (
            e is HttpRequestException or HttpIOException or OperationCanceledException
            || (Url.IsFile && e is FileNotFoundException or DirectoryNotFoundException)
            || (deadline.IsCancellationRequested && e is IOException or ObjectDisposedException))
        {
            if (cancellation.IsCancellationRequested)
            {
                throw new OperationCanceledException("The download was interrupted.", e, cancellation);
            }

            string reason = deadline.IsCancellationRequested
                ? $"it did not finish within {DownloadTimeout}"
                : OneLine(e.Message);
            throw new IOException(
                $"could not download the IMDB reviews from {Url.AbsoluteUri} ({reason}); they would be cached in {Root}. "
                + "Without network access, give a local copy with --data <file> (a CSV with the header 'review,sentiment', such as movie_data.csv.gz).",
                e);
        }
        finally
        {
            response?.Dispose();
            client?.Dispose();
        }
    }

    /// <summary>
    /// Extracts the labelled reviews of the archive into <paramref name="staging"/> (<see cref="AclImdbArchive"/>);
    /// returns how many. A refusal becomes one message that names the URL and says nothing was placed in the cache.
    /// </summary>
    private long Extract(string archive, string staging, string root, CancellationToken cancellation)
    {
        Directory.CreateDirectory(staging);
        try
        {
            return AclImdbArchive.ExtractReviews(archive, staging, cancellation);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidDataException(
                $"The archive from {Url.AbsoluteUri} is not a complete, safe aclImdb_v1.tar.gz: {OneLine(e.Message).TrimEnd('.')}. "
                + $"It was discarded and nothing was placed in {root}. Run train again to retry, or give a local copy with --data <file>.",
                e);
        }
    }

    private void CheckLayout(string extracted, string root)
    {
        if (LayoutProblem(extracted) is { } problem)
        {
            throw new InvalidDataException(
                $"The archive from {Url.AbsoluteUri} is not the aclImdb_v1.tar.gz expected: {problem}. "
                + $"It was discarded and nothing was placed in {root}. Run train again to retry, or give a local copy with --data <file>.");
        }
    }

    /// <summary>What is missing from an aclImdb folder's <c>{train,test}/{pos,neg}/*.txt</c>, or <c>null</c> when it is complete.</summary>
    private string? LayoutProblem(string folder)
    {
        foreach (string split in Splits)
        {
            foreach (string label in Classes)
            {
                string classFolder = Path.Combine(folder, split, label);
                int count = Directory.Exists(classFolder) ? Directory.GetFiles(classFolder, "*.txt").Length : 0;
                if (count == 0)
                {
                    return $"it has no reviews in {FolderName}/{split}/{label}/";
                }

                if (ExpectedPerClass is { } expected && count != expected)
                {
                    return $"{FolderName}/{split}/{label}/ holds {count:N0} reviews, not {expected:N0}";
                }
            }
        }

        return null;
    }

    /// <summary>Moves the checked folder into place with one rename, replacing an incomplete one; another run that placed it first wins.</summary>
    private static void Place(string extracted, string root)
    {
        if (Directory.Exists(root) && !File.Exists(Path.Combine(root, CompleteMarker)))
        {
            // An aclImdb folder without the marker was not placed by this code (or was damaged): set it aside.
            string aside = root + ".incomplete." + Guid.NewGuid().ToString("N");
            Directory.Move(root, aside);
            TryDeleteFolder(aside);
        }

        try
        {
            Directory.Move(extracted, root);
        }
        catch (IOException) when (File.Exists(Path.Combine(root, CompleteMarker)))
        {
            // Another run finished first: use its folder.
        }
    }

    /// <summary>Deletes the partial downloads and staging folders that killed runs left, once they are an hour old.</summary>
    private static void DeleteStaleLeftovers(string cache)
    {
        DateTime before = DateTime.UtcNow.AddHours(-1);
        foreach (string path in Directory.EnumerateFiles(cache, ".aclImdb_v1.tar.gz.*.part"))
        {
            if (File.GetLastWriteTimeUtc(path) < before)
            {
                TryDelete(path);
            }
        }

        foreach (string path in Directory.EnumerateDirectories(cache, ".aclImdb.*.extract"))
        {
            if (Directory.GetLastWriteTimeUtc(path) < before)
            {
                TryDeleteFolder(path);
            }
        }
    }

    private static string Progress(long received, long? length) => length is > 0 and var total
        ? $"  {Megabytes(received)} of {Megabytes(total)} ({(100.0 * received / total).ToString("0", CultureInfo.InvariantCulture)}%)   "
        : $"  {Megabytes(received)}   ";

    internal static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a later run deletes it once it is stale.
        }
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a later run deletes it once it is stale.
        }
    }
}
