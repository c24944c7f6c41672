using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>Scans held in memory as an ML.NET view (<c>Id</c>, <c>ScanPath</c>, <c>Landmarks</c> with slot names,
/// <c>Volume</c>), as <c>ml.Data.LoadScans</c> and <c>LoadVolume</c> would give them.</summary>
internal static class ScanData
{
    public static IDataView FromScans(MLContext ml, params (string Id, Volume Volume, LandmarkSet Landmarks)[] scans)
    {
        IReadOnlyList<string> names = scans[0].Landmarks.Names;
        SchemaDefinition definition = SchemaDefinition.Create(typeof(InputRow));
        definition[nameof(InputRow.Landmarks)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3 * names.Count);
        ReadOnlyMemory<char>[] slots = [.. names.SelectMany(n => new[] { n + ".L", n + ".P", n + ".S" }).Select(s => s.AsMemory())];
        definition[nameof(InputRow.Landmarks)].AddAnnotation(
            "SlotNames", new VBuffer<ReadOnlyMemory<char>>(slots.Length, slots), new VectorDataViewType(TextDataViewType.Instance, slots.Length));
        return ml.Data.LoadFromEnumerable(scans.Select(s => new InputRow { Id = s.Id, Volume = s.Volume, Landmarks = ToVector(s.Landmarks) }).ToList(), definition);
    }

    public static float[] ToVector(LandmarkSet landmarks) =>
        [.. landmarks.Landmarks.SelectMany(l => l.IsPresent ? new[] { (float)l.PositionLps.X, (float)l.PositionLps.Y, (float)l.PositionLps.Z } : [float.NaN, float.NaN, float.NaN])];

    /// <summary>A landmark as it comes back out of a landmark column (single precision).</summary>
    public static Landmark AsStored(Landmark l) =>
        l.IsPresent ? l with { PositionLps = new Vector3d((float)l.PositionLps.X, (float)l.PositionLps.Y, (float)l.PositionLps.Z) } : l with { PositionLps = default };

    private sealed class InputRow
    {
        public string Id { get; set; } = "";

        public string ScanPath { get; set; } = "";

        public float[] Landmarks { get; set; } = [];

        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
