namespace H3deMl.Core.Tests.IO;

/// <summary>Tests that measure process-wide allocations (<see cref="H3deMl.TestKit.AllocationBudget"/>) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Allocation budget (process-wide counters)";
}
