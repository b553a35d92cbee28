using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace ModelDsl.Training;

/// <summary>
/// Sums behind Keras's running means (loss weighted by batch size, metrics by scored positions), kept on scalar
/// tensors and added to in place, so a step does not wait to read a number back; <see cref="Read"/> reads them.
/// </summary>
internal sealed class RunningMeans : IDisposable
{
    private readonly AccuracyMetric[] _metrics;
    private readonly Tensor _lossSum;
    private readonly Tensor[] _correct;
    private readonly long[] _counts;
    private long _lossWeight;

    public RunningMeans(AccuracyMetric[] metrics)
    {
        _metrics = metrics;
        _counts = new long[metrics.Length];
        // Disposed by Dispose, like the shuffle order; a scope the caller may have open would only dispose them again.
        _lossSum = zeros(1, ScalarType.Float64);
        _correct = metrics.Select(_ => zeros(1, ScalarType.Float64)).ToArray();
    }

    public void Clear()
    {
        using var scope = NewDisposeScope(); // In-place ops hand back a new handle to the same tensor; let it go.
        _lossSum.zero_();
        foreach (var correct in _correct)
        {
            correct.zero_();
        }

        _lossWeight = 0;
        Array.Clear(_counts);
    }

    /// <summary>Adds one batch; call inside the step's dispose scope (temporaries are left to it).</summary>
    public void Add(Tensor batchLoss, Tensor output, Tensor target, long batchSize)
    {
        using var noGrad = no_grad();
        _lossSum.add_(batchLoss.detach(), alpha: batchSize);
        _lossWeight += batchSize;
        if (_metrics.Length == 0)
        {
            return;
        }

        var detached = output.detach();
        for (var i = 0; i < _metrics.Length; i++)
        {
            var (correct, count) = _metrics[i].CountCorrect(detached, target);
            _correct[i].add_(correct);
            _counts[i] += count;
        }
    }

    /// <summary>The running means by name (<c>loss</c>, then each metric).</summary>
    public Dictionary<string, double> Read()
    {
        var logs = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss"] = _lossWeight == 0 ? double.NaN : _lossSum.item<double>() / _lossWeight,
        };
        for (var i = 0; i < _metrics.Length; i++)
        {
            logs[_metrics[i].Name] = _counts[i] == 0 ? double.NaN : _correct[i].item<double>() / _counts[i];
        }

        return logs;
    }

    /// <summary>The running means as a dictionary that reads the tensors only if a callback looks at it.</summary>
    public IReadOnlyDictionary<string, double> View() => new LazyLogs(this);

    public void Dispose()
    {
        _lossSum.Dispose();
        foreach (var correct in _correct)
        {
            correct.Dispose();
        }
    }

    private sealed class LazyLogs(RunningMeans means) : IReadOnlyDictionary<string, double>
    {
        private Dictionary<string, double>? _values;

        private Dictionary<string, double> Values => _values ??= means.Read();

        public double this[string key] => Values[key];

        public IEnumerable<string> Keys => Values.Keys;

        IEnumerable<double> IReadOnlyDictionary<string, double>.Values => Values.Values;

        public int Count => 1 + means._metrics.Length;

        public bool ContainsKey(string key) => Values.ContainsKey(key);

        public bool TryGetValue(string key, out double value) => Values.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => Values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
