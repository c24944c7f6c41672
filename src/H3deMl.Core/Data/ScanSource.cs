using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Data;

/// <summary>Where a row's volume and landmarks are loaded from (paths are kept; nothing is read until the row is loaded).</summary>
public sealed record ScanSource
{
    /// <summary>The source of a row created from an in-memory volume.</summary>
    public static ScanSource InMemory { get; } = new() { Kind = ScanSourceKind.InMemory };

    /// <summary>The kind of source.</summary>
    public ScanSourceKind Kind { get; init; }

    /// <summary>The image file or DICOM folder, when the scan is read from disk.</summary>
    public string? ImagePath { get; init; }

    /// <summary>The landmark file (Markups JSON, fcsv, CSV, or the reference layout's <c>X_label.npy</c>), when there is one.</summary>
    public string? LandmarksPath { get; init; }

    /// <summary>The reference layout's <c>X_spacing.npy</c> (spacing in mm in [i, j, k] order), when there is one.</summary>
    public string? SpacingPath { get; init; }

    /// <summary>Generates the scan of a <see cref="ScanSourceKind.Generated"/> source.</summary>
    internal Func<CancellationToken, (Volume Volume, LandmarkSet? Landmarks)>? Generator { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ScanSourceKind.InMemory => "(in memory)",
        ScanSourceKind.Generated => "(generated)",
        _ => LandmarksPath is null ? ImagePath ?? "(none)" : $"{ImagePath} + {LandmarksPath}",
    };
}
