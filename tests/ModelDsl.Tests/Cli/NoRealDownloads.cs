using System;
using System.IO;
using System.Runtime.CompilerServices;
using ModelDsl.Datasets.Corpora;

namespace ModelDsl.Tests.Cli;

/// <summary>
/// Keeps the tests off the network and out of the user's cache: a <c>train</c> without <c>--data</c> that a test did
/// not point at its own server tries 127.0.0.1's discard port and a temporary folder, and fails at once.
/// </summary>
internal static class NoRealDownloads
{
    [ModuleInitializer]
    internal static void Install() =>
        AclImdbDownload.Current = new AclImdbDownload
        {
            Url = new Uri("http://127.0.0.1:9/aclImdb_v1.tar.gz"),
            CacheDirectory = Path.Combine(Path.GetTempPath(), "modeldsl-tests-no-download-" + Environment.ProcessId),
        };
}
