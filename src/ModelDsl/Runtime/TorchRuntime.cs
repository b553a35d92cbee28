using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace ModelDsl.Runtime;

/// <summary>
/// Loads TorchSharp's native backend up front so that a missing or incompatible native library surfaces as
/// one <see cref="TorchNativeLoadException"/> that says what is wrong, instead of a failure deep inside the
/// first tensor operation.
/// </summary>
public static partial class TorchRuntime
{
    private const string NativeLibraryFileName = "libLibTorchSharp.so";

    private static readonly object Gate = new();
    private static volatile bool _loaded;

    /// <summary>
    /// Initializes TorchSharp's CPU backend. The first successful call does the work; later calls return at
    /// once. Safe to call from several threads.
    /// </summary>
    /// <exception cref="TorchNativeLoadException">
    /// On Linux, when the native library cannot be loaded; the message carries the loader's explanation and the
    /// fix (for example a libstdc++ that lacks <c>GLIBCXX_3.4.32</c>).
    /// </exception>
    public static void EnsureLoaded()
    {
        if (SimulatedFailure is { } simulated)
        {
            throw Diagnose(simulated.TorchError, _ => simulated.LoaderMessage);
        }

        if (_loaded)
        {
            return;
        }

        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception ex) when (OperatingSystem.IsLinux() && ex is not TorchNativeLoadException)
            {
                throw Diagnose(ex, LoadNativeLibrary);
            }

            _loaded = true;
        }
    }

    /// <summary>
    /// Runs <see cref="EnsureLoaded"/>, then returns <paramref name="moduleName"/>, for the base call of a module's
    /// constructor: <c>: base(TorchRuntime.EnsureLoadedFor(nameof(MyModel)))</c>. The <c>nn.Module</c> constructor
    /// already calls into the native library, so a check in the constructor body would come too late: a missing
    /// library would surface as TorchSharp's bare <see cref="DllNotFoundException"/> instead.
    /// </summary>
    /// <param name="moduleName">The name to pass on to the <c>nn.Module</c> constructor.</param>
    /// <returns><paramref name="moduleName"/>.</returns>
    /// <exception cref="TorchNativeLoadException">As <see cref="EnsureLoaded"/>.</exception>
    public static string EnsureLoadedFor(string moduleName)
    {
        EnsureLoaded();
        return moduleName;
    }

    /// <summary>
    /// Explains why TorchSharp failed to start: finds libLibTorchSharp.so, asks the dynamic loader about it through
    /// <paramref name="loadLibrary"/> (the loader's error text, or <c>null</c> when it loads) and reads that answer.
    /// </summary>
    private static TorchNativeLoadException Diagnose(Exception torchError, Func<string, string?> loadLibrary)
    {
        string? path = FindNativeLibrary(out List<string> searched);
        if (path is null)
        {
            return new TorchNativeLoadException(
                $"TorchSharp could not load its native backend, and {NativeLibraryFileName} is not where it should be "
                + $"(looked for {string.Join(", ", searched)}). Make sure the application references TorchSharp-cpu "
                + $"(directly or through ModelDsl) and that its native files were copied with the build output. "
                + $"TorchSharp reported: {torchError.Message}",
                torchError, null, null, null);
        }

        string? loaderMessage = loadLibrary(path);
        if (loaderMessage is null)
        {
            return new TorchNativeLoadException(
                $"TorchSharp could not initialize its native backend, although {path} itself loads. "
                + $"TorchSharp reported: {torchError.Message}",
                torchError, path, null, null);
        }

        Match missing = MissingVersionPattern().Match(loaderMessage);
        if (missing.Success)
        {
            string version = missing.Groups["version"].Value;
            string provider = missing.Groups["provider"].Value;
            string requiredBy = missing.Groups["requiredBy"].Value;
            bool fromLibStdCxx = version.StartsWith("GLIBCXX_", StringComparison.Ordinal)
                || version.StartsWith("CXXABI_", StringComparison.Ordinal);

            if (fromLibStdCxx && Path.GetFileName(requiredBy) == NativeLibraryFileName)
            {
                return new TorchNativeLoadException(
                    $"TorchSharp's native library cannot be loaded: {requiredBy} requires {version} from libstdc++.so.6, "
                    + $"and this system's libstdc++ ({provider}) does not provide it. ModelDsl's build step "
                    + "(ModelDsl.targets) normally marks that requirement weak in the build output, since only a "
                    + "link-time marker symbol is bound to it, but it evidently did not run for this output: the "
                    + "build was opted out with ModelDslPatchLibTorchSharp=false, the output was built on a machine "
                    + $"whose libstdc++ already has {version} (the step only changes what the build machine lacks), "
                    + "or the files were copied here without building. To fix it, build or publish the application "
                    + "on this machine (or one with the same libstdc++) without ModelDslPatchLibTorchSharp=false, or "
                    + $"install a libstdc++ that provides {version} (GLIBCXX_3.4.32 first shipped with GCC 13). "
                    + $"Loader message: {loaderMessage}",
                    torchError, path, loaderMessage, version);
            }

            if (fromLibStdCxx)
            {
                return new TorchNativeLoadException(
                    $"TorchSharp's native library cannot be loaded: {requiredBy} requires {version} from libstdc++.so.6, "
                    + $"and this system's libstdc++ ({provider}) does not provide it. ModelDsl's build step only "
                    + $"adjusts {NativeLibraryFileName}, so install a libstdc++ from a GCC recent enough to define "
                    + $"{version}. Loader message: {loaderMessage}",
                    torchError, path, loaderMessage, version);
            }

            return new TorchNativeLoadException(
                $"TorchSharp's native library cannot be loaded: {requiredBy} requires {version} from {provider}, "
                + "which this system does not provide; the operating system is older than the one libtorch was "
                + $"built for. Loader message: {loaderMessage} TorchSharp reported: {torchError.Message}",
                torchError, path, loaderMessage, version);
        }

        return new TorchNativeLoadException(
            $"TorchSharp's native library {path} cannot be loaded. Loader message: {loaderMessage} "
            + $"TorchSharp reported: {torchError.Message}",
            torchError, path, loaderMessage, null);
    }

    /// <summary>Loads and frees <paramref name="path"/>; the loader's error text when that fails, otherwise <c>null</c>.</summary>
    private static string? LoadNativeLibrary(string path)
    {
        try
        {
            IntPtr handle = NativeLibrary.Load(path);
            NativeLibrary.Free(handle);
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// libLibTorchSharp.so next to TorchSharp.dll (a build with a RuntimeIdentifier) or under
    /// runtimes/&lt;rid&gt;/native (a portable build), also relative to the application directory.
    /// </summary>
    private static string? FindNativeLibrary(out List<string> searched)
    {
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var directories = new List<string>();
        string torchSharpLocation = typeof(torch).Assembly.Location;
        if (!string.IsNullOrEmpty(torchSharpLocation) && Path.GetDirectoryName(torchSharpLocation) is { } torchSharpDirectory)
        {
            directories.Add(torchSharpDirectory);
        }

        if (!string.IsNullOrEmpty(AppContext.BaseDirectory))
        {
            directories.Add(AppContext.BaseDirectory);
        }

        searched = new List<string>();
        foreach (string directory in directories)
        {
            foreach (string candidate in new[]
            {
                Path.Combine(directory, NativeLibraryFileName),
                Path.Combine(directory, "runtimes", rid, "native", NativeLibraryFileName),
            })
            {
                string full = Path.GetFullPath(candidate);
                if (searched.Contains(full))
                {
                    continue;
                }

                searched.Add(full);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }

        return null;
    }

    // glibc: "<provider>: version `<version>' not found (required by <object>)"
    [GeneratedRegex(@"(?<provider>[^\s:]+): version [`'](?<version>[^`']+)' not found \(required by (?<requiredBy>[^)]+)\)")]
    private static partial Regex MissingVersionPattern();
}
