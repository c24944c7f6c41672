using H3deMl.Core.Volumes;
using Microsoft.ML.Data;

namespace H3deMl;

/// <summary>Marks a <see cref="Volume"/> property of an input or output class as a <see cref="VolumeDataViewType"/> column.</summary>
/// <example><code>
/// public sealed class InMemoryScan
/// {
///     public string Id { get; set; } = "";
///     [VolumeType] public Volume? Volume { get; set; }
/// }
/// </code></example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class VolumeTypeAttribute : DataViewTypeAttribute
{
    /// <inheritdoc/>
    public override bool Equals(DataViewTypeAttribute other) => other is VolumeTypeAttribute;

    /// <inheritdoc/>
    public override int GetHashCode() => typeof(VolumeTypeAttribute).GetHashCode();

    /// <inheritdoc/>
    public override void Register() => DataViewTypeManager.Register(VolumeDataViewType.Instance, typeof(Volume), this);
}
