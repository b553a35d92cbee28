using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using ModelDsl.Training;

namespace ModelDsl.Datasets.Keras;

/// <summary>
/// Finds, or downloads and checks, the files of Keras's built-in datasets, as Keras's <c>get_file</c> does: a file
/// already in Keras's own cache (<c>~/.keras/datasets</c>, or <c>$KERAS_HOME/datasets</c>) is reused, then one in
/// <see cref="CacheDirectory"/> (<c>~/.modeldsl/datasets</c>); otherwise it is downloaded from <see cref="Origin"/>
/// into <see cref="CacheDirectory"/>, to a temporary file that replaces the target only once its hash matches.
/// </summary>
/// <remarks>
/// A cached file whose hash does not match is not used: one in Keras's cache is left alone, one in
/// <see cref="CacheDirectory"/> is replaced by a fresh download. A file given explicitly (the <c>path</c>
/// arguments) is used as it is, without a hash check, so a local copy or a subset can be loaded.
/// </remarks>
public sealed class KerasDatasetCache
{
    /// <summary>The folder Keras downloads its dataset files from.</summary>
    public const string KerasOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /// <summary>A cache with the default folders and Keras's origin.</summary>
    public KerasDatasetCache()
    {
        CacheDirectory = DefaultCacheDirectory;
        KerasCacheDirectory = DefaultKerasCacheDirectory;
        Origin = new Uri(KerasOrigin);
    }

    /// <summary>The cache used when none is given: the default folders and Keras's origin.</summary>
    public static KerasDatasetCache Default { get; } = new();

    /// <summary>The environment variable that, when set, names the folder downloads go to instead of <c>~/.modeldsl/datasets</c>.</summary>
    internal const string CacheVariable = "MODELDSL_CACHE";

    /// <summary><c>$MODELDSL_CACHE</c> when set, else <c>~/.modeldsl/datasets</c>: where downloads go by default.</summary>
    public static string DefaultCacheDirectory =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache
            ? Path.GetFullPath(cache)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".modeldsl", "datasets");

    /// <summary>Keras's own cache, <c>$KERAS_HOME/datasets</c> or else <c>~/.keras/datasets</c>, read when present.</summary>
    public static string DefaultKerasCacheDirectory
    {
        get
        {
            string? kerasHome = Environment.GetEnvironmentVariable("KERAS_HOME");
            string home = string.IsNullOrEmpty(kerasHome)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras")
                : kerasHome;
            return Path.Combine(home, "datasets");
        }
    }

    /// <summary>Where files are downloaded to (and looked for after Keras's cache).</summary>
    public string CacheDirectory { get; init; }

    /// <summary>Keras's cache folder, looked in first and never written to; <c>null</c> to not look there.</summary>
    public string? KerasCacheDirectory { get; init; }

    /// <summary>The folder URL files are downloaded from (ending in <c>/</c>); <see cref="KerasOrigin"/> by default.</summary>
    public Uri Origin { get; init; }

    /// <summary>How long one download may take in all, connecting and reading the body; 30 minutes by default.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The local path of <paramref name="file"/>: <paramref name="path"/> when given, else a cached copy whose hash
    /// matches, else a fresh download.
    /// </summary>
    /// <param name="file">The dataset file.</param>
    /// <param name="path">A local copy to use as it is (no hash check), or <c>null</c> to use the caches.</param>
    /// <returns>The full path of the file.</returns>
    /// <exception cref="FileNotFoundException">
    /// <paramref name="path"/> does not exist; or the file is not cached and cannot be downloaded (no network, an
    /// HTTP error): the message names Keras's URL for it, the cache paths looked at, and that a <c>path</c> argument
    /// (<c>--data</c> on the command line) can point at a local copy.
    /// </exception>
    /// <exception cref="InvalidDataException">The downloaded file's hash is not the expected one; the download is discarded.</exception>
    public string GetFile(KerasDatasetFile file, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (path is not null)
        {
            string given = Path.GetFullPath(path);
            if (!File.Exists(given))
            {
                throw new FileNotFoundException(
                    $"The Keras dataset file {file.FileName} was not found at {given} (the path given). "
                    + $"Keras's copy is at {KerasOrigin}{file.FileName}.",
                    given);
            }

            return given;
        }

        var lookedAt = new List<string>();
        if (!string.IsNullOrEmpty(KerasCacheDirectory))
        {
            string kerasCopy = Path.GetFullPath(Path.Combine(KerasCacheDirectory, file.FileName));
            if (CheckCached(file, kerasCopy, lookedAt))
            {
                return kerasCopy;
            }
        }

        string target = Path.GetFullPath(Path.Combine(CacheDirectory, file.FileName));
        if (CheckCached(file, target, lookedAt))
        {
            return target;
        }

        Download(file, target, lookedAt);
        return target;
    }

    /// <summary>Whether the file at <paramref name="path"/> has <paramref name="file"/>'s hash.</summary>
    /// <param name="file">The dataset file, with its expected hash.</param>
    /// <param name="path">The file to check.</param>
    /// <returns><c>true</c> when the hashes match.</returns>
    public static bool HashMatches(KerasDatasetFile file, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return string.Equals(ComputeHash(file, stream), file.Hash, StringComparison.Ordinal);
    }

    private static bool CheckCached(KerasDatasetFile file, string path, List<string> lookedAt)
    {
        if (!File.Exists(path))
        {
            lookedAt.Add($"{path} (absent)");
            return false;
        }

        if (HashMatches(file, path))
        {
            return true;
        }

        lookedAt.Add($"{path} (present, but its {file.HashAlgorithm} is not {file.Hash}, so it was not used)");
        return false;
    }

    private void Download(KerasDatasetFile file, string target, List<string> lookedAt)
    {
        var url = new Uri(Origin, file.FileName);
        using var deadline = new CancellationTokenSource(DownloadTimeout);
        try
        {
            using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) };
            using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using HttpResponseMessage response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            response.EnsureSuccessStatusCode();

            // Reading the body synchronously takes no token: past the deadline, disposing the response ends it.
            using CancellationTokenRegistration abort = deadline.Token.Register(response.Dispose);
            AtomicFile.Write(target, output =>
            {
                using Stream body = response.Content.ReadAsStream(deadline.Token);
                using var hash = IncrementalHash.CreateHash(file.HashAlgorithm == "sha256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.MD5);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    output.Write(buffer, 0, read);
                }

                deadline.Token.ThrowIfCancellationRequested();
                string actual = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
                if (actual != file.Hash)
                {
                    throw new InvalidDataException(
                        $"The file downloaded from {url} has {file.HashAlgorithm} {actual}, not the expected {file.Hash} "
                        + $"(Keras's {file.FileName}); it was discarded and {target} was not written. "
                        + "Point the path argument (--data on the command line) at a verified local copy.");
                }
            });
        }
        catch (Exception e) when (
            e is HttpRequestException or HttpIOException or OperationCanceledException
            || (deadline.IsCancellationRequested && e is IOException or ObjectDisposedException))
        {
            string reason = deadline.IsCancellationRequested
                ? $"the download did not finish within {DownloadTimeout}"
                : e.Message.TrimEnd('.');
            string canonical = KerasOrigin + file.FileName;
            string attempted = url.AbsoluteUri == canonical ? "" : $" (tried {url.AbsoluteUri})";
            throw new FileNotFoundException(
                $"The Keras dataset file {file.FileName} is not cached and could not be downloaded from {canonical}{attempted}: "
                + $"{reason}. Looked for it at {string.Join("; ", lookedAt)}. "
                + $"Without network access, download {canonical} elsewhere and copy it to {target}, "
                + "or point the path argument (--data on the command line) at a local copy.",
                target,
                e);
        }
    }

    private static string ComputeHash(KerasDatasetFile file, Stream stream) =>
        Convert.ToHexString(file.HashAlgorithm == "sha256" ? SHA256.HashData(stream) : MD5.HashData(stream)).ToLowerInvariant();
}
