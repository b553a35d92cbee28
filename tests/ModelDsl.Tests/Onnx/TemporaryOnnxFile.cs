using System;
using System.IO;

namespace ModelDsl.Tests.Onnx;

/// <summary>A temporary ONNX file, deleted on dispose.</summary>
internal sealed class TemporaryOnnxFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
