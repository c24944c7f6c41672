using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>The ML.NET column type of a derived per-scan object that only H3deMl components read, such as training
/// targets. Two instances are equal when they carry the same .NET type.</summary>
public sealed class ScanFeatureDataViewType : StructuredDataViewType
{
    internal ScanFeatureDataViewType(Type rawType, string displayName)
        : base(rawType)
    {
        DisplayName = displayName;
    }

    /// <summary>The name shown for the type.</summary>
    public string DisplayName { get; }

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) => other is ScanFeatureDataViewType f && f.RawType == RawType;

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => DisplayName;
}
