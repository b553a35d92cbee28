using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace TrainingThroughput;

/// <summary>
/// torch_peer.py running under Debian's Python for the whole comparison: one JSON request per line in, one JSON reply per
/// line out, so torch is imported once and its runs can alternate with ModelDsl's.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Threading.Tasks.Task<string> _stderr;

    private PeerProcess(Process process, JsonElement hello)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
        Hello = hello;
    }

    /// <summary>The script's first line: Python and torch versions, threads.</summary>
    public JsonElement Hello { get; }

    /// <summary>Starts <paramref name="python"/> on torch_peer.py (copied beside the program) with <paramref name="threads"/> torch threads.</summary>
    /// <exception cref="InvalidOperationException">Python does not start, or the script does not answer with its versions.</exception>
    public static PeerProcess Start(string python, int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "torch_peer.py");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Debian's torch does its matmuls in libblas.so.3. With OpenBLAS there, OpenBLAS's own thread pool would run
        // beside torch's OpenMP threads (4 busy threads on 2 cores; Predict at batch 256 took 5-20x longer): torch's
        // threads are the ones the comparison sets, as with the MKL of PyTorch's own wheels.
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"could not start {python} {script}: {ex.Message} (Debian's python3-torch is expected at /usr/bin/python3; pass --python)", ex);
        }

        var first = process.StandardOutput.ReadLine();
        if (first is null)
        {
            var error = process.StandardError.ReadToEnd();
            throw new InvalidOperationException($"{python} {script} exited before saying hello; its stderr:\n{error}");
        }

        return new PeerProcess(process, JsonDocument.Parse(first).RootElement.Clone());
    }

    /// <summary>Sends one request and waits for its reply.</summary>
    public JsonElement Ask(Dictionary<string, object> request)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(request));
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit(5000);
            throw new InvalidOperationException($"torch_peer.py stopped answering (request {request["name"]}); its stderr:\n{_stderr.Result}");
        }

        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
