using System;
using System.Globalization;
using System.Linq;
using OnnxServing;

// OnnxServing model.onnx "great movie" "a waste of time"   -> one probability per sentence, with ONNX Runtime only
// The file comes from the model's command line: ImdbSentiment export-onnx --model runs/ImdbLstm --out imdb.onnx
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: OnnxServing <model.onnx> <sentence> [<sentence> ...]");
    Console.Error.WriteLine("(make the file with the model's command line, e.g. ImdbSentiment export-onnx --model runs/ImdbLstm --out imdb.onnx)");
    return 2;
}

using var classifier = OnnxTextClassifier.Load(args[0]);
var sentences = args.Skip(1).ToList();
var probabilities = classifier.Predict(sentences);
Console.WriteLine($"{classifier.ModelName} ({args[0]}), {classifier.MaxLength} ids per text, ONNX Runtime");
for (var i = 0; i < sentences.Count; i++)
{
    Console.WriteLine($"{probabilities[i]:F4}  {sentences[i]}");
}

return 0;
