using H3deMl.Core.Volumes;
using Microsoft.ML.Data;

namespace H3deMl;

/// <summary>The ML.NET column type of a scan: a <see cref="Volume"/>, voxels and geometry together.</summary>
/// <remarks>Registered for <see cref="Volume"/> properties marked <see cref="VolumeTypeAttribute"/>, as ML.NET registers its
/// image type, so <c>LoadFromEnumerable</c>, <c>CreateEnumerable</c> and prediction engines carry volumes. A volume
/// column is not saved with a model's input schema (ML.NET saves only its own types); keep a text column such as
/// <see cref="ScanColumnNames.ScanPath"/> or <see cref="ScanColumnNames.Id"/> beside it.</remarks>
public sealed class VolumeDataViewType : StructuredDataViewType
{
    /// <summary>The type.</summary>
    public static VolumeDataViewType Instance { get; } = new();

    private VolumeDataViewType()
        : base(typeof(Volume))
    {
    }

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => other is VolumeDataViewType;

    /// <inheritdoc/>
    public override int GetHashCode() => typeof(Volume).GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => "Volume";
}
