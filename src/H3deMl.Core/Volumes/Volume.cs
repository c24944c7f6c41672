using H3deMl.Core.Geometry;
using H3deMl.Core.IO;

namespace H3deMl.Core.Volumes;

/// <summary>A 3D scan: float32 voxels with their spatial geometry, original element type and metadata.</summary>
/// <remarks>
/// <para><b>Layout.</b> Voxels are stored in array order [i, j, k] with i fastest in memory: the value of voxel (i, j, k)
/// is at <c>i + I·(j + J·k)</c> where (I, J, K) is <see cref="VolumeGeometry.Size"/>. World coordinates are LPS
/// millimetres (DECISIONS.md §9); see <see cref="VolumeGeometry"/>.</para>
/// <para><b>Non-spatial axes.</b> A file may carry an axis that is not spatial: a vector or list axis in NRRD
/// (<c>space directions: none</c>, kinds vector/list/RGB-color/…), a 4th (time) or 5th dimension in NIfTI, or
/// <c>ElementNumberOfChannels</c> in MetaImage. All such axes are flattened into <see cref="Components"/> values per voxel,
/// stored component-fastest (interleaved, as ITK's VectorImage): component c of voxel (i, j, k) is at
/// <c>c + C·(i + I·(j + J·k))</c>. Readers reorder the data when the file stores the extra axis slowest (NIfTI time),
/// so the layout is always the same; the spatial geometry stays exact. When several non-spatial axes exist, they
/// are flattened in file order (the first file axis fastest). A scalar volume has <see cref="Components"/> = 1.</para>
/// <para><b>Intensities.</b> Readers apply the file's intensity rescale (DICOM RescaleSlope/Intercept, NIfTI
/// scl_slope/scl_inter with slope 0 meaning none), so voxel values are in physical units (e.g. Hounsfield units).</para>
/// <para><b>Ownership.</b> The voxel array is not copied: the volume holds the array given to its constructor, and
/// <see cref="Voxels"/> returns it. Geometry and metadata are immutable.</para>
/// </remarks>
public sealed class Volume
{
    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

    /// <summary>Creates a volume from voxels the caller has already laid out.</summary>
    /// <param name="voxels">Voxel values, [c,] i, j, k order with the component (if any) fastest, then i; length
    /// = <c>geometry.Size.VoxelCount · components</c>. Not copied.</param>
    /// <param name="geometry">The spatial geometry.</param>
    /// <param name="originalType">The element type in the source file (Float32 for data created in memory).</param>
    /// <param name="metadata">Metadata (see <see cref="VolumeMetadataKeys"/>); null for none. Copied.</param>
    /// <param name="components">Values per voxel, at least 1; default 1 (scalar).</param>
    /// <exception cref="ArgumentNullException"><paramref name="voxels"/> or <paramref name="geometry"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="voxels"/> does not match the geometry and components.</exception>
    public Volume(float[] voxels, VolumeGeometry geometry, VolumeElementType originalType, IReadOnlyDictionary<string, string>? metadata = null, int components = 1)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        long expected = geometry.Size.VoxelCount * components;
        if (voxels.LongLength != expected)
        {
            throw new ArgumentException(
                $"The voxel array holds {voxels.LongLength} values but the geometry {geometry.Size} with {components} component(s) needs {expected}.",
                nameof(voxels));
        }

        Voxels = voxels;
        Geometry = geometry;
        OriginalElementType = originalType;
        Components = components;
        Metadata = metadata is null || metadata.Count == 0 ? EmptyMetadata : new Dictionary<string, string>(metadata);
    }

    /// <summary>The voxel values (see the remarks on the type for the layout). The array is shared, not copied.</summary>
    public float[] Voxels { get; }

    /// <summary>The spatial geometry (size, spacing, origin, direction).</summary>
    public VolumeGeometry Geometry { get; }

    /// <summary>Voxels along i, j and k (shortcut for <c>Geometry.Size</c>).</summary>
    public VolumeSize Size => Geometry.Size;

    /// <summary>The element type in the source file.</summary>
    public VolumeElementType OriginalElementType { get; }

    /// <summary>Values per voxel: 1 for a scalar volume; more for vector, list or time axes (component fastest).</summary>
    public int Components { get; }

    /// <summary>Metadata; see <see cref="VolumeMetadataKeys"/> for well-known keys.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Gets the value of a scalar voxel.</summary>
    /// <param name="i">Index along i, 0 to I − 1.</param>
    /// <param name="j">Index along j, 0 to J − 1.</param>
    /// <param name="k">Index along k, 0 to K − 1.</param>
    /// <returns>The value (component 0 when <see cref="Components"/> &gt; 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the volume.</exception>
    public float this[int i, int j, int k] => GetValue(i, j, k, 0);

    /// <summary>Gets one component of a voxel.</summary>
    /// <param name="i">Index along i, 0 to I − 1.</param>
    /// <param name="j">Index along j, 0 to J − 1.</param>
    /// <param name="k">Index along k, 0 to K − 1.</param>
    /// <param name="component">Component, 0 to <see cref="Components"/> − 1.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the volume.</exception>
    public float GetValue(int i, int j, int k, int component)
    {
        VolumeSize s = Geometry.Size;
        if ((uint)i >= (uint)s.I)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"The index must be in [0, {s.I}).");
        }

        if ((uint)j >= (uint)s.J)
        {
            throw new ArgumentOutOfRangeException(nameof(j), j, $"The index must be in [0, {s.J}).");
        }

        if ((uint)k >= (uint)s.K)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The index must be in [0, {s.K}).");
        }

        if ((uint)component >= (uint)Components)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component, $"The component must be in [0, {Components}).");
        }

        return Voxels[component + (Components * (i + ((long)s.I * (j + ((long)s.J * k)))))];
    }

    /// <summary>A copy with different metadata and everything else shared.</summary>
    /// <param name="metadata">The new metadata.</param>
    /// <returns>The volume.</returns>
    public Volume WithMetadata(IReadOnlyDictionary<string, string> metadata) =>
        new(Voxels, Geometry, OriginalElementType, metadata, Components);

    /// <summary>Reads a volume, choosing the format from the file's content and extension.</summary>
    /// <remarks>Formats: NRRD (.nrrd, .nhdr), NIfTI-1/2 (.nii, .nii.gz), MetaImage (.mha, .mhd), NumPy (.npy, identity
    /// geometry, with spacing from a sibling <c>*_spacing.npy</c> when present) and DICOM (a folder, or a Part 10 file,
    /// whose series is assembled from the files beside it).</remarks>
    /// <param name="path">A file or a DICOM folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed (truncated, wrong magic, header contradicting the data).</exception>
    /// <exception cref="UnsupportedVolumeContentException">The file is well formed but uses a feature we do not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(string path, CancellationToken cancellationToken = default) => VolumeIO.Read(path, cancellationToken);

    /// <summary>Reads a volume asynchronously (see <see cref="Read"/>).</summary>
    /// <param name="path">A file or a DICOM folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The file uses a feature we do not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Task<Volume> ReadAsync(string path, CancellationToken cancellationToken = default) => VolumeIO.ReadAsync(path, cancellationToken);

    /// <summary>Writes the volume, choosing the format from the extension and keeping the original element type when it
    /// holds every voxel exactly.</summary>
    /// <remarks>Extensions: .nrrd (gzip), .nhdr (+ .raw), .nii (NIfTI-1), .nii.gz (NIfTI-1 gzip), .mha, .mhd (+ .raw or
    /// .zraw), .npy (voxels only). Voxels are stored as <see cref="OriginalElementType"/> when every value fits it exactly
    /// (integers in range for an integer type; always for float32 and float64), else as float32 (see
    /// <see cref="GetWriteElementType"/>), so a round trip reproduces every value exactly.</remarks>
    /// <param name="path">The output path.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not a writable volume format.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public void Write(string path, CancellationToken cancellationToken = default) => VolumeIO.Write(this, path, null, cancellationToken);

    /// <summary>Writes the volume with its voxels stored as a chosen element type, choosing the format from the extension.</summary>
    /// <remarks>See <see cref="Write(string, CancellationToken)"/> for the formats. Values are never rounded or clamped: a
    /// type that cannot hold every voxel value exactly is refused.</remarks>
    /// <param name="path">The output path.</param>
    /// <param name="elementType">The element type to store; null keeps <see cref="OriginalElementType"/> when it holds
    /// every value exactly, else float32.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not a writable volume format, or a voxel value does not fit
    /// <paramref name="elementType"/> exactly (the message names the type and the first such value).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementType"/> is not a defined value.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public void Write(string path, VolumeElementType? elementType, CancellationToken cancellationToken = default) =>
        VolumeIO.Write(this, path, elementType, cancellationToken);

    /// <summary>Writes the volume asynchronously (see <see cref="Write(string, CancellationToken)"/>).</summary>
    /// <param name="path">The output path.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not a writable volume format.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public Task WriteAsync(string path, CancellationToken cancellationToken = default) => VolumeIO.WriteAsync(this, path, null, cancellationToken);

    /// <summary>Writes the volume asynchronously with its voxels stored as a chosen element type (see
    /// <see cref="Write(string, VolumeElementType?, CancellationToken)"/>).</summary>
    /// <param name="path">The output path.</param>
    /// <param name="elementType">The element type to store; null keeps <see cref="OriginalElementType"/> when it holds
    /// every value exactly, else float32.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not a writable volume format, or a voxel value does not fit
    /// <paramref name="elementType"/> exactly.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementType"/> is not a defined value.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public Task WriteAsync(string path, VolumeElementType? elementType, CancellationToken cancellationToken = default) =>
        VolumeIO.WriteAsync(this, path, elementType, cancellationToken);

    /// <summary>The element type the writers store this volume's voxels as.</summary>
    /// <param name="elementType">The type asked for, or null for the default.</param>
    /// <returns><paramref name="elementType"/> when it holds every voxel value exactly; with null,
    /// <see cref="OriginalElementType"/> when it holds every value exactly (integers in range for an integer type; always
    /// for float32 and float64), else <see cref="VolumeElementType.Float32"/>.</returns>
    /// <exception cref="ArgumentException">A voxel value does not fit <paramref name="elementType"/> exactly (the message
    /// names the type and the first such value).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementType"/> is not a defined value.</exception>
    public VolumeElementType GetWriteElementType(VolumeElementType? elementType = null) =>
        WriteElementType.Choose(this, elementType, nameof(elementType));
}
