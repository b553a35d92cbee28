using QaAttentionSample;
using static TorchSharp.torch;

// A graph model has no command line of its own (it would need two inputs per example), so this program
// builds the model, prints its summary and runs it once on random token ids.
using var model = new QaAttention();
model.Summary();

using var scope = NewDisposeScope();
var sentence1 = randint(0, 1000, new long[] { 4, 20 }, dtype: ScalarType.Int64);
var sentence2 = randint(0, 1000, new long[] { 4, 30 }, dtype: ScalarType.Int64);
model.eval();
var output = model.call(sentence1, sentence2);
System.Console.WriteLine($"output: [{string.Join(", ", output.shape)}]");
