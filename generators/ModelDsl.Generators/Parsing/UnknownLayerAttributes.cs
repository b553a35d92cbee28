using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelDsl.Generators.Diagnostics;
using ModelDsl.Generators.Layers;
using ModelDsl.Generators.Model;

namespace ModelDsl.Generators.Parsing;

/// <summary>
/// Attributes on a model class or layer property that look like layers but are not ModelDsl's: a Keras layer ModelDsl
/// does not implement (<c>[Conv2D]</c>, <c>[BatchNormalization]</c>, …) or an attribute whose type does not resolve. Each is
/// reported (MDSL0021) where it is written, rather than dropped, which would leave a model that is silently different
/// from the declaration (or a misleading "no layers").
/// </summary>
internal static class UnknownLayerAttributes
{
    /// <summary>Keras layer classes (tf.keras 2.x) that ModelDsl has no kind for.</summary>
    private static readonly HashSet<string> KerasLayers = new(StringComparer.Ordinal)
    {
        "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D",
        "DepthwiseConv1D", "DepthwiseConv2D", "ConvLSTM1D", "ConvLSTM3D",
        "MaxPooling2D", "MaxPooling3D", "AveragePooling2D", "AveragePooling3D",
        "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
        "TimeDistributed", "BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization", "Normalization",
        "Attention", "AdditiveAttention", "MultiHeadAttention",
        "RNN", "SimpleRNNCell", "GRUCell", "LSTMCell", "StackedRNNCells", "CuDNNGRU", "CuDNNLSTM",
        "Reshape", "Permute", "RepeatVector", "Lambda", "Masking", "Cropping1D", "Cropping2D", "ZeroPadding1D", "ZeroPadding2D",
        "UpSampling1D", "UpSampling2D", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
        "ActivityRegularization", "ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax",
        "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
        "TextVectorization", "StringLookup", "IntegerLookup", "CategoryEncoding", "Hashing", "Discretization", "Rescaling",
    };

    /// <summary>The layer attribute closest to a misspelt one, in any case (<c>[Simplernn]</c>, <c>[SimppleRNN]</c> -> <c>SimpleRNN</c>).</summary>
    private static string? Closest(string written, IReadOnlyList<string> layers)
    {
        var lowered = DidYouMean.Suggest(written, layers.Select(l => l.ToLowerInvariant()));
        return lowered is null ? null : layers.First(l => l.ToLowerInvariant() == lowered);
    }

    /// <summary>Reports each unknown layer attribute among <paramref name="attributes"/> of <paramref name="owner"/>; returns how many.</summary>
    public static int Report(IEnumerable<AttributeData> attributes, string owner, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var data in attributes)
        {
            if (data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || data.AttributeClass is not { } attributeClass ||
                LayerKinds.ForAttribute(attributeClass) is not null)
            {
                continue;
            }

            // An unresolved attribute's error type carries the name as written.
            var written = attributeClass.Name.EndsWith("Attribute", StringComparison.Ordinal) && attributeClass.Name.Length > "Attribute".Length
                ? attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length)
                : attributeClass.Name;
            var unresolved = attributeClass.TypeKind == TypeKind.Error;
            if (!unresolved && !KerasLayers.Contains(written))
            {
                continue;
            }

            var layers = LayerKinds.Attributes.Select(AttributeTypes.ShortName).ToList();
            var suggestion = unresolved ? Closest(written, layers) : null;
            var why = KerasLayers.Contains(written)
                ? "Keras has this layer, but ModelDsl does not implement it"
                : "its type cannot be found, so the generator cannot tell what it declares" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)");
            var args = new[] { written, owner, why, string.Join(", ", layers) };
            diagnostics.Add(new DiagnosticInfo(
                DiagnosticDescriptors.UnknownLayerAttribute, syntax.GetLocation(), args.ToEquatableArray(),
                suggestion is null ? null : (written, suggestion)));
            count++;
        }

        return count;
    }
}
