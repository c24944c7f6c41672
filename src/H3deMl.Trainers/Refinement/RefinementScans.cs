using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using Microsoft.ML;

namespace H3deMl.Trainers.Refinement;

/// <summary>One training scan of the refinement: its original volume, the pose direction of the pipeline's grid, and its landmarks.</summary>
internal sealed record RefinementScan(string Id, Volume Original, Matrix3d Direction, LandmarkSet Landmarks)
{
    /// <summary>The indices of the present landmarks with a finite position.</summary>
    public int[] Present { get; } = [.. Enumerable.Range(0, Landmarks.Count).Where(l => Landmarks[l].IsPresent && Landmarks[l].PositionLps.IsFinite)];

    /// <summary>Reads every row of the training data once (the originals stay in memory).</summary>
    public static List<RefinementScan> ReadAll(IDataView input, RefinementPatches patches, CancellationToken cancellationToken)
    {
        var columns = new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks, ScanColumnNames.ScanPath, RequireLandmarks: true);
        columns.Check(input.Schema, "H3deNetRefinement");
        string[] needed = [ScanColumnNames.Volume, ScanColumnNames.Landmarks, ScanColumnNames.ScanPath, ScanColumnNames.Id];
        using DataViewRowCursor cursor = input.GetRowCursor(input.Schema.Where(c => needed.Contains(c.Name)));
        var reader = new ScanRowReader(cursor, columns);
        var scans = new List<RefinementScan>();
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScanRow row = reader.Read();
            Volume volume = row.RequireVolume("H3deNetRefinement");
            scans.Add(new RefinementScan(row.Id, patches.Original(row, cancellationToken), volume.Geometry.Direction, row.Landmarks!));
        }

        return scans;
    }
}
