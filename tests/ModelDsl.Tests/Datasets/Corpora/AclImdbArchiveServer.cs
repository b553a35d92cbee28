using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ModelDsl.Tests.Datasets.Corpora;

/// <summary>
/// An HTTP server on 127.0.0.1 that serves one file at <c>/aclImdb_v1.tar.gz</c> and counts the requests, and the
/// small aclImdb archives the download tests serve from it.
/// </summary>
internal sealed class AclImdbArchiveServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _hits;

    public AclImdbArchiveServer(byte[] content)
    {
        Content = content;
        int port = FreePort();
        Prefix = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Prefix);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Prefix { get; }

    public Uri Url => new(Prefix + "aclImdb_v1.tar.gz");

    /// <summary>What the server sends; tests may replace it between requests.</summary>
    public byte[] Content { get; set; }

    public int Hits => Volatile.Read(ref _hits);

    /// <summary>A URL on 127.0.0.1 where nothing listens.</summary>
    public static Uri DeadUrl() => new($"http://127.0.0.1:{FreePort()}/aclImdb_v1.tar.gz");

    /// <summary>
    /// A gzipped tar in the layout of aclImdb_v1.tar.gz: <c>aclImdb/{train,test}/{pos,neg}/i_r.txt</c>, with folder
    /// entries, an <c>unsup/</c> review, the vocabulary and a bag-of-words file beside them, and <paramref name="extra"/>.
    /// </summary>
    public static byte[] Archive(int perClass = 3, bool withTestNeg = true, params (string Name, byte[] Data)[] extra)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "aclImdb/"));
            Add(tar, "aclImdb/imdb.vocab", "the\nand\n");
            foreach (string split in new[] { "train", "test" })
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, $"aclImdb/{split}/"));
                Add(tar, $"aclImdb/{split}/labeledBow.feat", "0 0:1\n");
                foreach (string label in new[] { "pos", "neg" })
                {
                    if (split == "test" && label == "neg" && !withTestNeg)
                    {
                        continue;
                    }

                    tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, $"aclImdb/{split}/{label}/"));
                    for (int i = 0; i < perClass; i++)
                    {
                        string words = label == "pos" ? "a great wonderful film, loved it" : "an awful boring film, hated it";
                        Add(tar, $"aclImdb/{split}/{label}/{i}_{(label == "pos" ? 9 : 2)}.txt", $"{split} review {i}: {words}<br /><br />the end");
                    }
                }
            }

            tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "aclImdb/train/unsup/"));
            Add(tar, "aclImdb/train/unsup/0_0.txt", "unlabelled");
            foreach (var (name, data) in extra)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return buffer.ToArray();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    private static void Add(TarWriter tar, string name, string text) =>
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _hits);
            using HttpListenerResponse response = context.Response;
            if (context.Request.Url?.AbsolutePath != "/aclImdb_v1.tar.gz")
            {
                response.StatusCode = 404;
                continue;
            }

            byte[] content = Content;
            response.ContentType = "application/x-gzip";
            response.ContentLength64 = content.Length;
            try
            {
                await response.OutputStream.WriteAsync(content);
            }
            catch (HttpListenerException)
            {
                // The client went away.
            }
        }
    }
}
