using H3deMl.Core.MLNet;
using Microsoft.ML;

namespace H3deMl.Transforms.Targets;

/// <summary>The columns the target encoders read and write: they read <c>Volume</c> and <c>Landmarks</c> (both required)
/// and write one feature column whose name is also the <see cref="Core.Data.ScanRow.Features"/> key.</summary>
internal static class TargetColumns
{
    public static ScanInputColumns Inputs { get; } = new(ScanColumnNames.Volume, ScanColumnNames.Landmarks, RequireLandmarks: true);

    public static ScanOutputColumn Output<T>(string name)
        where T : class => ScanOutputColumn.Feature<T>(name, DisplayName<T>());

    public static SchemaShape.Column Shape<T>(string name)
        where T : class => ScanSchemaShape.ObjectColumn(name, new ScanFeatureDataViewType(typeof(T), DisplayName<T>()));

    private static string DisplayName<T>() => typeof(T).Name;
}
