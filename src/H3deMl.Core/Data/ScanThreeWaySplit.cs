namespace H3deMl.Core.Data;

/// <summary>A dataset split in three (<see cref="Pipeline.ScanDataCatalog.TrainValidationTestSplit"/>).</summary>
/// <param name="TrainSet">The training rows.</param>
/// <param name="ValidationSet">The rows for model selection (early stopping, thresholds).</param>
/// <param name="TestSet">The held-out rows.</param>
public sealed record ScanThreeWaySplit(ScanDataView TrainSet, ScanDataView ValidationSet, ScanDataView TestSet);
