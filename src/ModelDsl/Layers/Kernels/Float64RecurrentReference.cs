using System;

namespace ModelDsl.Layers.Kernels;

/// <summary>
/// One recurrent cell in plain float64 arithmetic over libtorch's weight layout (<c>weight_ih [gates·H, I]</c>,
/// <c>weight_hh [gates·H, H]</c>, two optional biases), with ModelDsl's mask semantics: a masked step keeps the state
/// and outputs zeros. This is what the fused kernels are checked against, so it calls nothing in libtorch.
/// </summary>
internal sealed class Float64RecurrentReference
{
    private readonly RecurrentKernelKind _kind;
    private readonly double[,] _inputWeight;
    private readonly double[,] _recurrentWeight;
    private readonly double[]? _inputBias;
    private readonly double[]? _recurrentBias;
    private readonly int _units;

    public Float64RecurrentReference(RecurrentKernelKind kind, double[,] inputWeight, double[,] recurrentWeight, double[]? inputBias, double[]? recurrentBias)
    {
        _kind = kind;
        _inputWeight = inputWeight;
        _recurrentWeight = recurrentWeight;
        _inputBias = inputBias;
        _recurrentBias = recurrentBias;
        _units = recurrentWeight.GetLength(1);
    }

    /// <summary>
    /// Every step's output <c>[B, T, H]</c> and the final state <c>[B, H]</c> for <paramref name="x"/> <c>[B, T, I]</c>, from
    /// zeros or from <paramref name="initial"/> (h, and c for the LSTM, each <c>[B, H]</c>).
    /// </summary>
    public (double[,,] Sequence, double[,] Last) Run(double[,,] x, bool[,]? mask, double[][,]? initial = null)
    {
        var (batch, steps) = (x.GetLength(0), x.GetLength(1));
        var sequence = new double[batch, steps, _units];
        var last = new double[batch, _units];
        for (var b = 0; b < batch; b++)
        {
            var h = new double[_units];
            var c = new double[_units];
            for (var u = 0; initial is not null && u < _units; u++)
            {
                h[u] = initial[0][b, u];
                c[u] = initial.Length > 1 ? initial[1][b, u] : 0;
            }

            for (var t = 0; t < steps; t++)
            {
                if (mask is not null && !mask[b, t])
                {
                    continue;
                }

                var step = new double[x.GetLength(2)];
                for (var i = 0; i < step.Length; i++)
                {
                    step[i] = x[b, t, i];
                }

                var input = Project(_inputWeight, _inputBias, step);
                var recurrent = Project(_recurrentWeight, _recurrentBias, h);
                h = Step(input, recurrent, h, c);
                for (var u = 0; u < _units; u++)
                {
                    sequence[b, t, u] = h[u];
                }
            }

            for (var u = 0; u < _units; u++)
            {
                last[b, u] = h[u];
            }
        }

        return (sequence, last);
    }

    // One step from the two projections (biases included); updates c in place for the LSTM.
    private double[] Step(double[] input, double[] recurrent, double[] h, double[] c)
    {
        var next = new double[_units];
        for (var u = 0; u < _units; u++)
        {
            switch (_kind)
            {
                case RecurrentKernelKind.Lstm:
                    {
                        var i = Sigmoid(input[u] + recurrent[u]);
                        var f = Sigmoid(input[_units + u] + recurrent[_units + u]);
                        var g = Math.Tanh(input[(2 * _units) + u] + recurrent[(2 * _units) + u]);
                        var o = Sigmoid(input[(3 * _units) + u] + recurrent[(3 * _units) + u]);
                        c[u] = (f * c[u]) + (i * g);
                        next[u] = o * Math.Tanh(c[u]);
                        break;
                    }

                case RecurrentKernelKind.Gru:
                    {
                        var r = Sigmoid(input[u] + recurrent[u]);
                        var z = Sigmoid(input[_units + u] + recurrent[_units + u]);
                        var n = Math.Tanh(input[(2 * _units) + u] + (r * recurrent[(2 * _units) + u]));
                        next[u] = ((1 - z) * n) + (z * h[u]);
                        break;
                    }

                case RecurrentKernelKind.SimpleRnnTanh:
                    next[u] = Math.Tanh(input[u] + recurrent[u]);
                    break;

                case RecurrentKernelKind.SimpleRnnRelu:
                    next[u] = Math.Max(0, input[u] + recurrent[u]);
                    break;

                default:
                    throw new ArgumentOutOfRangeException(nameof(_kind), _kind, "no float64 reference for this kernel");
            }
        }

        return next;
    }

    private static double[] Project(double[,] weight, double[]? bias, double[] vector)
    {
        var (rows, columns) = (weight.GetLength(0), weight.GetLength(1));
        var result = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var sum = bias?[r] ?? 0;
            for (var k = 0; k < columns; k++)
            {
                sum += weight[r, k] * vector[k];
            }

            result[r] = sum;
        }

        return result;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
