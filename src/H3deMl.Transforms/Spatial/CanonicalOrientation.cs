namespace H3deMl.Transforms.Spatial;

/// <summary>The axis order and signs <c>Reorient</c> produces.</summary>
public enum CanonicalOrientation
{
    /// <summary>i towards the patient's Left, j Posterior, k Superior: direction ≈ identity in LPS (ITK's and DICOM's default).</summary>
    Lps = 0,

    /// <summary>i towards Right, j Anterior, k Superior: the NIfTI/FreeSurfer convention; direction ≈ diag(−1, −1, 1) in LPS.</summary>
    Ras,
}
