using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using ScottPlot.Plottables;

namespace ModelDsl.Training;

/// <summary>
/// Plots a <see cref="History"/> as the usual Keras learning curves, rendered with ScottPlot.
/// </summary>
public static class TrainingCurves
{
    /// <summary>The smallest accepted image width in pixels: below this the axes, labels and legend do not fit.</summary>
    public const int MinWidth = 200;

    /// <summary>The smallest accepted image height in pixels.</summary>
    public const int MinHeight = 150;

    /// <summary>The largest accepted width or height in pixels.</summary>
    public const int MaxSize = 8192;

    // ScottPlot's default font can resolve to a serif face where fontconfig is absent (it falls back to Skia's
    // default typeface); prefer an installed sans-serif family, else keep ScottPlot's choice.
    private static readonly Lazy<string?> SansFont = new(() =>
    {
        string[] installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToArray();
        return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans" }
            .FirstOrDefault(f => installed.Contains(f, StringComparer.OrdinalIgnoreCase));
    });
    private static readonly Color TrainingColor = Color.FromHex("#1f77b4");
    private static readonly Color ValidationColor = Color.FromHex("#ff7f0e");
    private static readonly Color OtherColor = Color.FromHex("#2ca02c");

    /// <summary>
    /// Saves the learning curves of <paramref name="history"/> as a PNG image: on the left a "Loss" panel with
    /// <c>loss</c> (and <c>val_loss</c> when logged) per epoch; on the right, when any name ending in
    /// <c>accuracy</c> was logged (<c>accuracy</c>, <c>val_accuracy</c>, …), an "Accuracy" panel with those curves.
    /// Without accuracy the loss panel takes the whole image.
    /// </summary>
    /// <remarks>
    /// <para>The x axis is <see cref="EpochLog.Epoch"/> (counting from 1, as Keras's progress display) with integer
    /// ticks. Training curves are solid blue with round markers, <c>val_</c> curves dashed orange with square
    /// markers, each named in a legend by its Keras name. Epochs that did not log a name, or logged NaN or an
    /// infinity for it, are left out of that curve.</para>
    /// <para>The directory is created if missing. The write is atomic: the image goes to a temporary file in the
    /// same folder, flushed to disk and then moved over <paramref name="path"/>; on failure the old file is left
    /// untouched and the temporary file is deleted.</para>
    /// </remarks>
    /// <param name="history">The history to plot; it must have at least one epoch with <c>loss</c> or <c>val_loss</c>.</param>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="width">Image width in pixels, <see cref="MinWidth"/> to <see cref="MaxSize"/>.</param>
    /// <param name="height">Image height in pixels, <see cref="MinHeight"/> to <see cref="MaxSize"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no loss to plot, or <paramref name="path"/> is empty or names a folder.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is out of range.</exception>
    public static void SavePng(History history, string path, int width = 900, int height = 400)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, MinHeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSize);

        byte[] png = RenderPng(history, width, height);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    private static byte[] RenderPng(History history, int width, int height)
    {
        IReadOnlyList<string> keys = history.Keys;
        string[] lossKeys = keys.Where(k => k is "loss" or "val_loss").ToArray();
        // "acc" and "val_acc" when the model asked for Keras's short name.
        string[] accuracyKeys = keys.Where(k => k is "acc" or "val_acc" || k.EndsWith("accuracy", StringComparison.Ordinal)).ToArray();
        if (history.Epochs.Count == 0 || lossKeys.Length == 0)
        {
            throw new ArgumentException(
                $"Nothing to plot: the history has {history.Epochs.Count} epoch(s) and no 'loss' or 'val_loss' (logged: {string.Join(", ", keys)}).",
                nameof(history));
        }

        var multiplot = new Multiplot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.AddPlots(accuracyKeys.Length > 0 ? 2 : 1);

        string? font = SansFont.Value;
        Plot loss = multiplot.GetPlot(0);
        Configure(loss, history, lossKeys, "Loss", Alignment.UpperRight, font);
        if (accuracyKeys.Length > 0)
        {
            Configure(multiplot.GetPlot(1), history, accuracyKeys, "Accuracy", Alignment.LowerRight, font);
        }

        using Image image = multiplot.Render(width, height);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }

    private static void Configure(Plot plot, History history, string[] keys, string name, Alignment legendAt, string? font)
    {
        int colorIndex = 0;
        foreach (string key in keys)
        {
            double[] xs = history.Epochs.Where(e => Has(e, key)).Select(e => (double)e.Epoch).ToArray();
            double[] ys = history.Epochs.Where(e => Has(e, key)).Select(e => e.Values[key]).ToArray();
            if (xs.Length == 0)
            {
                continue;
            }

            bool validation = key.StartsWith("val_", StringComparison.Ordinal);
            Scatter curve = plot.Add.Scatter(xs, ys);
            curve.LegendText = key;
            curve.LineWidth = 2;
            curve.MarkerSize = 6;
            if (validation)
            {
                curve.Color = ValidationColor;
                curve.LinePattern = LinePattern.Dashed;
                curve.MarkerShape = MarkerShape.FilledSquare;
            }
            else
            {
                curve.Color = colorIndex++ == 0 ? TrainingColor : OtherColor;
                curve.MarkerShape = MarkerShape.FilledCircle;
            }
        }

        plot.Title(name);
        plot.XLabel("Epoch");
        plot.YLabel(name);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(legendAt);
        if (font is not null)
        {
            plot.Font.Set(font);
        }
    }

    private static bool Has(EpochLog epoch, string key) =>
        epoch.Values.TryGetValue(key, out double value) && double.IsFinite(value);
}
