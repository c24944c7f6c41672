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

    [ThreadStatic] private static List<TensorStorage>? t_pendingSaves;
    private TensorStorage[] _saved = [];
    private bool _committed;

    protected GradNode(params Tensor?[] inputs)
    {
        Inputs = new Tensor?[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
            if (inputs[i] is { } t && Tensor.Tracks(t)) Inputs[i] = t;
        // The derived class's field initialisers ran first and declared their saved tensors.
        if (t_pendingSaves is { Count: > 0 } pending)
        {
            _saved = pending.ToArray();
            pending.Clear();
        }
    }

    internal bool AnyInputRequiresGrad => Array.Exists(Inputs, t => t is not null);

    /// <summary>True when input <paramref name="i"/> needs a gradient.</summary>
    protected bool Needs(int i) => Inputs[i] is not null;

    /// <summary>Writes into <paramref name="inputGrads"/>[i] the gradient for every input that needs one; each must have that input's shape.</summary>
    internal abstract void Backward(Tensor gradOutput, Tensor?[] inputGrads);

    /// <summary>Drops references to saved tensors.</summary>
    internal virtual void Release() { }

    /// <summary>
    /// Declares a tensor kept for backward (use in field initialisers, which run before this class's constructor picks
    /// the declarations up); returns it. Its buffer stays out of the pool, even when discarded, from the moment the node
    /// is recorded until the engine releases the node.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(tensor))]
    protected static Tensor? Save(Tensor? tensor)
    {
        if (tensor is not null) (t_pendingSaves ??= []).Add(tensor.Storage);
        return tensor;
    }

    /// <summary>For clearing a saved field in <see cref="Release"/>: returns null (the engine undoes the <see cref="Save"/>s).</summary>
    protected static Tensor? Unsave(Tensor? tensor) => null;

    /// <summary>Called when the node is attached to its output: the saved buffers now count as kept.</summary>
    internal void Commit()
    {
        if (_committed) return;
        _committed = true;
        foreach (var s in _saved) s.AddSave();
    }

    /// <summary>Drops the saved tensors (<see cref="Release"/>) and lets discarded buffers go back to the pool.</summary>
    internal void ReleaseSaved()
    {
        Release();
        if (_committed)
            foreach (var s in _saved) s.RemoveSave();
        _committed = false;
        _saved = [];
    }

    internal virtual string Name => GetType().Name.Replace("Node", "", StringComparison.Ordinal);
}
