using System;
using System.IO;
using ModelDsl.Interop.Keras;
using ModelDsl.Interop.PyTorch;
using ModelDsl.Tests.Keras;
using ModelDsl.Tests.Runtime;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.PyTorch;

/// <summary>
/// The IMDB LSTM from Keras's .h5 through ModelDsl to safetensors and back. With MODELDSL_SAFETENSORS_OUT set, the export
/// is kept at that path for <c>check_safetensors.py --imdb PATH</c>, which runs it in the documented PyTorch module against
/// the same Keras reference.
/// </summary>
public sealed class KerasToPyTorchTests
{
    [Fact]
    public void ImdbLstm_FromKerasThroughSafetensors_StillGivesKerasOutputs()
    {
        using var imported = new ImdbLstm();
        KerasModel.LoadWeights(imported, KerasFixture.PathOf("imdb_lstm.h5"));
        var kept = Environment.GetEnvironmentVariable("MODELDSL_SAFETENSORS_OUT");
        var path = string.IsNullOrEmpty(kept) ? Path.Combine(Path.GetTempPath(), $"modeldsl-imdb-{Guid.NewGuid():N}.safetensors") : kept;
        try
        {
            Safetensors.Save(imported, path);
            using var reloaded = new ImdbLstm();
            Safetensors.Load(reloaded, path);

            var (ids, expected) = KerasFixture.Reference("imdb_lstm.h5", ids: true);
            reloaded.eval();
            using var _ = no_grad();
            var difference = reloaded.call(ids).to_type(ScalarType.Float64).sub(expected).abs().max().item<double>();
            Assert.True(difference <= 1e-5, $"after the safetensors round trip the outputs differ from Keras's by {difference:E2}");
        }
        finally
        {
            if (string.IsNullOrEmpty(kept))
            {
                File.Delete(path);
            }
        }
    }
}
