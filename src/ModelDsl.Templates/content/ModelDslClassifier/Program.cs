// The model class ModelDslClassifierModel as a command-line program: train, evaluate, predict, summary (--help lists them).
return await ModelDslClassifier.ModelDslClassifierModel.RunAsync(args);
