using H3deMl.Core.MLNet;
using Microsoft.ML;

namespace H3deMl.Transforms.Common;

/// <summary>The output columns of steps that write the volume and, when the input has a landmark column, the landmarks.</summary>
internal static class StepColumns
{
    public static IReadOnlyList<ScanOutputColumn> VolumeOnly(DataViewSchema schema) => [ScanOutputColumn.Volume(ScanColumnNames.Volume)];

    public static IEnumerable<SchemaShape.Column> VolumeOnlyShape(SchemaShape shape) => [ScanSchemaShape.VolumeColumn(ScanColumnNames.Volume)];

    public static IReadOnlyList<ScanOutputColumn> VolumeAndLandmarks(DataViewSchema schema) =>
        schema.GetColumnOrNull(ScanColumnNames.Landmarks) is { } landmarks
            ? [ScanOutputColumn.Volume(ScanColumnNames.Volume), ScanOutputColumn.Landmarks(ScanColumnNames.Landmarks, LandmarkColumn.Names(landmarks))]
            : [ScanOutputColumn.Volume(ScanColumnNames.Volume)];

    public static IEnumerable<SchemaShape.Column> VolumeAndLandmarksShape(SchemaShape shape) =>
        shape.Any(c => c.Name == ScanColumnNames.Landmarks)
            ? [ScanSchemaShape.VolumeColumn(ScanColumnNames.Volume), ScanSchemaShape.LandmarkColumn(ScanColumnNames.Landmarks)]
            : [ScanSchemaShape.VolumeColumn(ScanColumnNames.Volume)];
}
