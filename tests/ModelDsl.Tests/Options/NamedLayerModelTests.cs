using System.IO;
using System.Linq;
using Xunit;

namespace ModelDsl.Tests.Options;

[Model]
[Input(12)]
[Embedding(50, 4, Name = "token_vectors")]
[Bidirectional]
[LSTM(3, Name = "encoder")]
[Dense(1, Activation = "sigmoid")]
public partial class NamedLayerClassifier;

/// <summary>Keras's <c>name=</c>: the layer's row in the summary and its submodule carry the given name.</summary>
public sealed class NamedLayerModelTests
{
    [Fact]
    public void GivenNames_ShowInTheSummary_AndNameTheSubmodules()
    {
        using var model = new NamedLayerClassifier();
        using var writer = new StringWriter();

        var summary = model.Summary(writer);

        Assert.Equal(new[] { "token_vectors", "encoder", "dense" }, summary.Rows.Select(r => r.Name));
        Assert.Contains("token_vectors (Embedding)", writer.ToString(), System.StringComparison.Ordinal);
        Assert.Contains("encoder (Bidirectional)", writer.ToString(), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "token_vectors", "encoder", "dense" }, model.named_children().Select(c => c.name));
    }
}
