using System;
using System.Collections.Generic;
using ModelDsl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TrainingThroughput;

/// <summary>
/// One model of the peer comparison: its shape (sent to torch_peer.py, which builds the same layers in PyTorch), how many
/// steps and calls to time, and how to build, <c>Fit</c> and <c>Predict</c> its generated ModelDsl model.
/// </summary>
internal sealed record PeerModel(
    string Name,
    string Description,
    int Sequence,
    long Vocabulary,
    long EmbeddingDim,
    string Cell,
    long Units,
    bool Bidirectional,
    long DenseUnits,
    long Outputs,
    int DefaultSteps,
    int QuickSteps,
    int Predict256Calls,
    Func<nn.Module<Tensor, Tensor>> Create,
    Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, int, long, Callback, History> Fit,
    Func<nn.Module<Tensor, Tensor>, Tensor, int, Tensor> Predict,
    Func<nn.Module<Tensor, Tensor>, IReadOnlyDictionary<string, nn.Module>> Layers)
{
    public const int BatchSize = 32;

    /// <summary>The models in the order they run: IMDB SimpleRNN, GRU, LSTM at 40 steps, the bidirectional LSTM at 100, Reuters' LSTM at 250.</summary>
    public static IReadOnlyList<PeerModel> All { get; } = new[]
    {
        Imdb("imdb-simplernn", "SimpleRNN", "rnn",
            () => new ImdbSimpleRnnGenerated(),
            (m, x, y, e, s, c) => ((ImdbSimpleRnnGenerated)m).Fit(x, y, epochs: e, batchSize: BatchSize, callbacks: new[] { c }, seed: s, verbose: 0),
            (m, x, b) => ((ImdbSimpleRnnGenerated)m).Predict(x, b),
            m => ((ImdbSimpleRnnGenerated)m).Layers),
        Imdb("imdb-gru", "GRU", "gru",
            () => new ImdbGruGenerated(),
            (m, x, y, e, s, c) => ((ImdbGruGenerated)m).Fit(x, y, epochs: e, batchSize: BatchSize, callbacks: new[] { c }, seed: s, verbose: 0),
            (m, x, b) => ((ImdbGruGenerated)m).Predict(x, b),
            m => ((ImdbGruGenerated)m).Layers),
        Imdb("imdb-lstm", "LSTM", "lstm",
            () => new ImdbGenerated(),
            (m, x, y, e, s, c) => ((ImdbGenerated)m).Fit(x, y, epochs: e, batchSize: BatchSize, callbacks: new[] { c }, seed: s, verbose: 0),
            (m, x, b) => ((ImdbGenerated)m).Predict(x, b),
            m => ((ImdbGenerated)m).Layers),
        new PeerModel(
            "bilstm", "Input 100 -> Embedding 20000x20 -> Bidirectional(LSTM 64, concat) -> Dense 64 relu -> Dense 1 sigmoid",
            Sequence: 100, Vocabulary: 20000, EmbeddingDim: 20, Cell: "lstm", Units: 64, Bidirectional: true, DenseUnits: 64, Outputs: 1,
            DefaultSteps: 600, QuickSteps: 40, Predict256Calls: 20,
            Create: () => new BidirectionalLstmGenerated(),
            Fit: (m, x, y, e, s, c) => ((BidirectionalLstmGenerated)m).Fit(x, y, epochs: e, batchSize: BatchSize, callbacks: new[] { c }, seed: s, verbose: 0),
            Predict: (m, x, b) => ((BidirectionalLstmGenerated)m).Predict(x, b),
            Layers: m => ((BidirectionalLstmGenerated)m).Layers),
        new PeerModel(
            "reuters", "Input 250 -> Embedding 1000x250 -> LSTM 128 -> Dense 46 softmax",
            Sequence: 250, Vocabulary: 1000, EmbeddingDim: 250, Cell: "lstm", Units: 128, Bidirectional: false, DenseUnits: 0, Outputs: 46,
            DefaultSteps: 150, QuickSteps: 6, Predict256Calls: 5,
            Create: () => new ReutersGenerated(),
            Fit: (m, x, y, e, s, c) => ((ReutersGenerated)m).Fit(x, y, epochs: e, batchSize: BatchSize, callbacks: new[] { c }, seed: s, verbose: 0),
            Predict: (m, x, b) => ((ReutersGenerated)m).Predict(x, b),
            Layers: m => ((ReutersGenerated)m).Layers),
    };

    /// <summary>The binary loss for one output, the sparse categorical one otherwise (ModelDsl's names).</summary>
    public string Loss => Outputs == 1 ? "binary_crossentropy" : "sparse_categorical_crossentropy";

    /// <summary>What torch_peer.py needs to build the same model and run it the same way.</summary>
    public Dictionary<string, object> Spec(int steps, int mark, IReadOnlyList<(int Rows, int Calls)> predict, long seed, int profile) => new()
    {
        ["name"] = Name,
        ["sequence"] = Sequence,
        ["vocabulary"] = Vocabulary,
        ["embedding"] = EmbeddingDim,
        ["cell"] = Cell,
        ["units"] = Units,
        ["bidirectional"] = Bidirectional,
        ["dense"] = DenseUnits,
        ["outputs"] = Outputs,
        ["batch"] = BatchSize,
        ["steps"] = steps,
        ["mark"] = mark,
        ["predict"] = predict is null ? Array.Empty<int[]>() : ToArrays(predict),
        ["seed"] = seed,
        ["profile"] = profile,
    };

    private static int[][] ToArrays(IReadOnlyList<(int Rows, int Calls)> predict)
    {
        var arrays = new int[predict.Count][];
        for (var i = 0; i < arrays.Length; i++)
        {
            arrays[i] = new[] { predict[i].Rows, predict[i].Calls };
        }

        return arrays;
    }

    private static PeerModel Imdb(
        string name, string layer, string cell, Func<nn.Module<Tensor, Tensor>> create,
        Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, int, long, Callback, History> fit,
        Func<nn.Module<Tensor, Tensor>, Tensor, int, Tensor> predict,
        Func<nn.Module<Tensor, Tensor>, IReadOnlyDictionary<string, nn.Module>> layers) => new(
            name, $"Input 40 -> Embedding 10000x128 -> {layer} 32 -> Dense 1 sigmoid",
            Sequence: 40, Vocabulary: 10000, EmbeddingDim: 128, Cell: cell, Units: 32, Bidirectional: false, DenseUnits: 0, Outputs: 1,
            DefaultSteps: 800, QuickSteps: 60, Predict256Calls: 40, create, fit, predict, layers);
}
