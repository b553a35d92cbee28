// The IMDB classifiers of ImdbLstm.cs, ImdbGru.cs and ImdbSimpleRnn.cs as one command-line program. --recurrent picks
// the class (LSTM by default, the sample's original model); every other argument goes to that model's generated
// command line: train, evaluate, predict, summary (--help lists them).
using BidirectionalSentiment;
using ImdbSentiment;

var (recurrent, rest) = RecurrentChoice.Take(args);
return recurrent switch
{
    RecurrentChoice.Lstm => await ImdbLstm.RunAsync(rest),
    RecurrentChoice.Gru => await ImdbGru.RunAsync(rest),
    RecurrentChoice.SimpleRnn => await ImdbSimpleRnn.RunAsync(rest),
    _ => RecurrentChoice.Usage(recurrent),
};
