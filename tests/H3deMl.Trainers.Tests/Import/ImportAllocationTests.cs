using H3deMl.Tensors.Serialization;
using H3deMl.TestKit;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Tests.Import;

/// <summary>Measures process-wide allocations, so it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImportAllocationCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Checkpoint import allocation budget";
}

/// <summary>Every hostile checkpoint is refused having allocated at most 2 × its size + 64 MB (issue 15, item 1).</summary>
[Collection(ImportAllocationCollection.Name)]
public sealed class ImportAllocationTests
{
    [Theory]
    [MemberData(nameof(ImportHostileTests.Cases), MemberType = typeof(ImportHostileTests))]
    public void Import_HostileFile_RefusedWithinAllocationBudget(string file, string problem)
    {
        var path = Path.Combine(ImportFixtures.Folder, "hostile", file);
        var options = ImportFixtures.Tiny(H3deHead.Both);

        var (e, allocated) = AllocationBudget.MeasureThrows<ModelFormatException>(() => H3deNet.ImportPyTorchCheckpoint(path, options));

        Assert.Contains(problem, e.Message);
        AllocationBudget.AssertWithin(allocated, new FileInfo(path).Length, file);
    }
}
