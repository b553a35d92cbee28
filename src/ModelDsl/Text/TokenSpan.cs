namespace ModelDsl.Text;

/// <summary>Where one word sits in a <see cref="WordSplitter"/> output buffer.</summary>
internal readonly record struct TokenSpan(int Start, int Length);
