// Chollet's 1-D convnet declared in ImdbCnn.cs as a command-line program: train, evaluate, predict, summary (--help lists them).
return await ImdbConvolution.ImdbCnn.RunAsync(args);
