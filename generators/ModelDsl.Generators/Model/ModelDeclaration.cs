using Microsoft.CodeAnalysis;

namespace ModelDsl.Generators.Model;

/// <summary>
/// A model as declared, whatever its form: its inputs (the <c>[Forward]</c> method's parameters), its layer properties
/// and the method's body as statements the shape stage can follow. A stack of layer attributes is the same thing: one
/// input and a straight line of layer calls (<c>Parsing/ModelParser</c>); Keras builds a <c>Sequential</c> so too.
/// </summary>
/// <param name="Shell">What the emitter needs whatever the shapes turn out to be.</param>
/// <param name="Inputs">The <c>[Forward]</c> parameters, in order (a stack's <c>input</c>).</param>
/// <param name="Layers">The layer properties, in declaration order (a stack's layers, top to bottom).</param>
/// <param name="Body">The statements of the <c>[Forward]</c> method, in order (a stack's <c>x = layer.call(x)</c> lines).</param>
/// <param name="Training">The compile options of <c>[Model(...)]</c>.</param>
/// <param name="TrainingLocation">Where the loss is chosen, for loss/output diagnostics.</param>
/// <param name="Initializer">How the weights start (<c>[Model(Initializer = ...)]</c>).</param>
internal sealed record ModelDeclaration(
    ModelShell Shell,
    EquatableArray<ModelInput> Inputs,
    EquatableArray<LayerProperty> Layers,
    EquatableArray<GraphStatement> Body,
    TrainingSpec Training,
    Location? TrainingLocation,
    WeightInitializer Initializer);

/// <summary>How many inputs a generated module can take.</summary>
internal static class ModuleArity
{
    /// <summary>TorchSharp's modules take at most six inputs (<c>Module&lt;T1, …, T6, TResult&gt;</c>).</summary>
    public const int MaxInputs = 6;
}

/// <summary>
/// The members the generated class must have even when the model has errors: the class, the names of
/// its inputs (the module's arity) and the partial layer properties it has to implement.
/// </summary>
/// <param name="InputNames">The <c>[Forward]</c> parameters' names, in order.</param>
/// <param name="SignatureNames">Each input's signature property (<c>Sentence1Signature</c>), distinct even when input names differ only in case.</param>
/// <param name="ForwardName">The user's <c>[Forward]</c> method, called by the generated <c>forward</c>.</param>
/// <param name="StubKeyword">
/// Set when the class cannot get a module at all (e.g. it is a record): only <see cref="Properties"/> are implemented,
/// throwing, in a bare <c>partial {StubKeyword} Name&lt;StubTypeParameters&gt;</c> declaration, so the compiler adds no error for each.
/// </param>
/// <param name="StubTypeParameters">The class's own type parameters, for the bare declaration of a generic class.</param>
/// <param name="IsStack">
/// The model is a sequential stack of attributes on the class, not layer properties wired by a <c>[Forward]</c> method: its
/// one input is <c>input</c>, and it has the single-input training surface and <c>RunAsync</c>.
/// </param>
internal sealed record ModelShell(
    ModelType Type,
    EquatableArray<string> InputNames,
    EquatableArray<string> SignatureNames,
    EquatableArray<PropertyImplementation> Properties,
    string ForwardName,
    string? StubKeyword,
    EquatableArray<string> StubTypeParameters = default,
    bool IsStack = false);

/// <summary>How a partial layer property is declared, so its implementing part repeats the declaration.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Modifiers">Its modifiers other than <c>partial</c>, as written (often empty: private).</param>
/// <param name="TypeName">Its declared type, fully qualified.</param>
/// <param name="Accessors">Its accessor keywords as declared (<c>get</c>, also <c>set</c> or <c>init</c> when wrongly declared).</param>
internal sealed record PropertyImplementation(string Name, string Modifiers, string TypeName, EquatableArray<string> Accessors);

/// <summary>One <c>[Input]</c> parameter of the <c>[Forward]</c> method.</summary>
internal sealed record ModelInput(string Name, InputSpec Spec);

/// <summary>
/// A layer declared as an attributed partial property (or, in a stack, as an attribute on the class: then <paramref name="Name"/>
/// is its field name); <paramref name="FieldName"/> is its Keras-style name.
/// </summary>
internal sealed record LayerProperty(string Name, string FieldName, LayerSpec Spec);

/// <summary>The result of parsing a model: the declaration when it can be analysed, and what was wrong with it.</summary>
/// <param name="Shell">Present whenever a class can be generated (possibly inert).</param>
/// <param name="ClassLocation">The class name, where an unexpected failure of a later stage is reported.</param>
internal sealed record ParseResult(ModelShell? Shell, ModelDeclaration? Model, EquatableArray<DiagnosticInfo> Diagnostics, Location? ClassLocation = null);
