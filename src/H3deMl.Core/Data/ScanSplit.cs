namespace H3deMl.Core.Data;

/// <summary>A dataset split in two (<see cref="Pipeline.ScanDataCatalog.TrainTestSplit"/>).</summary>
/// <param name="TrainSet">The training rows.</param>
/// <param name="TestSet">The held-out rows.</param>
public sealed record ScanSplit(ScanDataView TrainSet, ScanDataView TestSet);
