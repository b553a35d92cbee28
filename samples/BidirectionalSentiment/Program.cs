// Bidirectional sentiment models as one command-line program. --recurrent picks the model class (LSTM by default);
// every other argument goes to that model's generated command line (train, evaluate, predict, summary; --help).
using BidirectionalSentiment;

var (recurrent, rest) = RecurrentChoice.Take(args);
return recurrent switch
{
    RecurrentChoice.Lstm => await BidirectionalLstm.RunAsync(rest),
    RecurrentChoice.Gru => await BidirectionalGru.RunAsync(rest),
    RecurrentChoice.SimpleRnn => await BidirectionalSimpleRnn.RunAsync(rest),
    _ => RecurrentChoice.Usage(recurrent),
};
