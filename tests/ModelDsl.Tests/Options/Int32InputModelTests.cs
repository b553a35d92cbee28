using System.Linq;
using ModelDsl.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelDsl.Tests.Options;

[Model]
[Input(6, DType = DTypes.Int32)]
[Embedding(20, 4)]
[LSTM(3)]
public partial class Int32IdsLstm;

/// <summary>Keras's <c>Input(dtype="int32")</c>: a model declared over int32 ids takes them, and its Embedding reads them.</summary>
public sealed class Int32InputModelTests
{
    [Fact]
    public void Int32Ids_RunThroughTheEmbedding_AsTheSameIdsInInt64Would()
    {
        manual_seed(1341);
        using var model = new Int32IdsLstm();
        using var ids = randint(0, 20, new long[] { 2, 6 }, dtype: ScalarType.Int32);

        using var output = model.call(ids);

        var layers = model.named_children().ToDictionary(c => c.name, c => c.module);
        using var embedded = ((nn.Module<Tensor, Tensor>)layers["embedding"]).call(ids.to(ScalarType.Int64));
        using var expected = ((nn.Module<Tensor, Tensor>)layers["lstm"]).call(embedded);
        Assert.True(output.allclose(expected));
        Assert.Equal(ScalarType.Int32, Int32IdsLstm.InputSignature.ElementType);
    }

    [Fact]
    public void Int64Ids_AreRejected_ByTheInt32Signature_InTheUsualForm()
    {
        using var model = new Int32IdsLstm();
        using var ids = zeros(new long[] { 2, 6 }, ScalarType.Int64);

        var error = Assert.Throws<ModelInputException>(() => model.call(ids));

        Assert.Contains("Int32IdsLstm: input 'input' expects [batch, 6] int32, got [2, 6] int64", error.Message, System.StringComparison.Ordinal);
    }
}
