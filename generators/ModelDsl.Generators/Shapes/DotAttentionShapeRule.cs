using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Shapes;

/// <summary>
/// <c>DotAttention.call(query [B, Tq, D], values [B, Tv, D])</c> is <c>[B, Tq, D]</c>, or <c>[B, Tq, 2·D]</c>
/// with <c>ConcatQuery</c>; the scores <c>query·valuesᵀ</c> need one <c>D</c>.
/// </summary>
internal static class DotAttentionShapeRule
{
    public static ShapeResult Infer(DotAttentionSpec layer, TensorType query, TensorType values)
    {
        foreach (var input in new[] { query, values })
        {
            if (CommonShapeChecks.RequireFloat(layer, input) is { } notFloat)
            {
                return notFloat;
            }

            if (input.Shape.Rank != 3)
            {
                return ShapeError.Create(
                    DiagnosticDescriptors.RankMismatch, LayerDisplay.Of(layer), "3", "[batch, time, features]", Axis.Format(input.Shape.Rank), input.ToString());
            }
        }

        var (dq, dv) = (query.Shape.Last, values.Shape.Last);
        if (!Axis.Compatible(dq, dv))
        {
            return ShapeError.Create(
                DiagnosticDescriptors.OpsShapeMismatch, LayerDisplay.Of(layer), "query and values with the same last dimension",
                query.Shape.ToString(), values.Shape.ToString(), $"differ there ({dq} vs {dv})");
        }

        var output = layer.ConcatQuery && dq.IsKnown ? Dim.Of(2 * dq.Size) : layer.ConcatQuery ? Dim.Unknown : dq;
        return new TensorType(query.Shape.WithLast(output), ElementType.Float32);
    }
}
