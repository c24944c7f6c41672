namespace H3deMl;

/// <summary>The learning-rate schedule, stepped once per epoch (DECISIONS.md §12).</summary>
public enum ScheduleKind
{
    /// <summary>×γ per epoch while the rate stays above a floor fraction of the start (the reference: 0.98 down to 3 %).</summary>
    Exponential,

    /// <summary>Cosine annealing from the start rate to the floor over the epochs or, when a time limit is set, over whichever ends first (the run ends annealed).</summary>
    Cosine,
}
