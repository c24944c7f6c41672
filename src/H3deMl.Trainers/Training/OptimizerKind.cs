namespace H3deMl;

/// <summary>The optimiser (DECISIONS.md §12).</summary>
public enum OptimizerKind
{
    /// <summary>Adam with L2 weight decay folded into the gradient, as the reference.</summary>
    Adam,

    /// <summary>AdamW with decoupled weight decay.</summary>
    AdamW,
}
