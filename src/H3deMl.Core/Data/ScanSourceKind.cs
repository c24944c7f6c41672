namespace H3deMl.Core.Data;

/// <summary>Where a row's scan comes from.</summary>
public enum ScanSourceKind
{
    /// <summary>A volume given in memory (<see cref="ScanRow.Volume"/> is set from the start).</summary>
    InMemory = 0,

    /// <summary>An image file (NIfTI, NRRD, MetaImage, DICOM folder) with an optional landmark file in world coordinates.</summary>
    ImageAndLandmarks,

    /// <summary>The reference H3DE-Net layout: <c>X_volume.nrrd</c>, <c>X_label.npy</c> (voxel indices) and <c>X_spacing.npy</c>.</summary>
    ReferenceLayout,

    /// <summary>A scan generated on demand (synthetic phantoms); nothing is read from disk.</summary>
    Generated,
}
