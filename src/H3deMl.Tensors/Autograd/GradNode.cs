namespace H3deMl.Tensors.Autograd;

/// <summary>
/// One recorded operation: it knows its inputs and turns the gradient of its output into gradients of its inputs.
/// Each node has exactly one output tensor. Saved tensors are dropped in <see cref="Release"/>, which the engine calls
/// as soon as the node's backward has run.
/// </summary>
internal abstract class GradNode
{
    /// <summary>The inputs, positionally; an entry is null when that input needs no gradient.</summary>
    internal readonly Tensor?[] Inputs;

    protected GradNode(params Tensor?[] inputs)
    {
        Inputs = new Tensor?[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
            if (inputs[i] is { } t && Tensor.Tracks(t)) Inputs[i] = t;
    }

    internal bool AnyInputRequiresGrad => Array.Exists(Inputs, t => t is not null);

    /// <summary>True when input <paramref name="i"/> needs a gradient.</summary>
    protected bool Needs(int i) => Inputs[i] is not null;

    /// <summary>Writes into <paramref name="inputGrads"/>[i] the gradient for every input that needs one; each must have that input's shape.</summary>
    internal abstract void Backward(Tensor gradOutput, Tensor?[] inputGrads);

    /// <summary>Drops references to saved tensors.</summary>
    internal virtual void Release() { }

    internal virtual string Name => GetType().Name.Replace("Node", "", StringComparison.Ordinal);
}
