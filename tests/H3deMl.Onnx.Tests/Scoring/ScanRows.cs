using H3deMl.Core.Volumes;
using Microsoft.ML;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>Volumes in and predictions out of ML.NET data views.</summary>
internal static class ScanRows
{
    public static IDataView Of(MLContext ml, params Volume[] volumes) =>
        ml.Data.LoadFromEnumerable(volumes.Select((v, i) => new ScanInput { Id = $"scan{i}", Volume = v }));

    public static List<LandmarkPrediction> Predictions(MLContext ml, IDataView scored) =>
        [.. ml.Data.CreateEnumerable<LandmarkPrediction>(scored, reuseRowObject: false)];
}
