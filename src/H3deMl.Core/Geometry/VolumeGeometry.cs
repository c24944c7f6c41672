using System.Globalization;

namespace H3deMl.Core.Geometry;

/// <summary>
/// The immutable spatial geometry of a volume: size, voxel spacing, origin and direction cosines, mapping continuous
/// voxel indices to LPS world coordinates in millimetres.
/// </summary>
/// <remarks>
/// <para>The convention is ITK's: <c>world = Origin + Direction · diag(Spacing) · index</c>, where index = (i, j, k) is a
/// continuous voxel index (voxel centres at integers), i is the fastest axis in memory, and column c of
/// <see cref="Direction"/> is the LPS unit vector of voxel axis c. World coordinates are LPS (x grows to the patient's
/// left, y to posterior, z to superior) in millimetres; NIfTI's RAS is converted on read and write (DECISIONS.md §9).</para>
/// <para>Oblique and flipped directions are first class: the direction may be any orthonormal matrix (determinant ±1);
/// nothing assumes it is axis-aligned.</para>
/// </remarks>
public sealed class VolumeGeometry : IEquatable<VolumeGeometry>
{
    /// <summary>The tolerance on the columns of <see cref="Direction"/> being orthonormal.</summary>
    internal const double OrthonormalTolerance = 1e-4;

    private readonly Matrix3d _indexToWorld;
    private readonly Matrix3d _worldToIndex;

    /// <summary>Creates a geometry.</summary>
    /// <param name="size">Voxels along i, j and k; each at least 1.</param>
    /// <param name="spacingMm">Distance between voxel centres along i, j and k in millimetres; each finite and &gt; 0.</param>
    /// <param name="originLps">The LPS world position of the centre of voxel (0, 0, 0), in millimetres; finite.</param>
    /// <param name="direction">Direction cosines; column c is the LPS unit vector of voxel axis c. Must be orthonormal
    /// within 1e-4 (columns of unit length and mutually perpendicular); it is stored exactly as given.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, a spacing is not a positive finite number, the
    /// origin is not finite, or the direction is not orthonormal.</exception>
    public VolumeGeometry(VolumeSize size, Vector3d spacingMm, Vector3d originLps, Matrix3d direction)
    {
        if (size.I < 1 || size.J < 1 || size.K < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Every size must be at least 1.");
        }

        if (!spacingMm.IsFinite || spacingMm.X <= 0 || spacingMm.Y <= 0 || spacingMm.Z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spacingMm), spacingMm, "Every spacing must be a positive finite number of millimetres.");
        }

        if (!originLps.IsFinite)
        {
            throw new ArgumentOutOfRangeException(nameof(originLps), originLps, "The origin must be finite.");
        }

        if (!IsOrthonormal(direction, OrthonormalTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "The direction cosines must form an orthonormal matrix.");
        }

        Size = size;
        SpacingMm = spacingMm;
        OriginLps = originLps;
        Direction = direction;
        _indexToWorld = direction * Matrix3d.Diagonal(spacingMm);
        _worldToIndex = _indexToWorld.Inverse();
    }

    /// <summary>Creates a geometry from arrays, the form file readers have at hand.</summary>
    /// <param name="size">Three sizes [i, j, k], each at least 1.</param>
    /// <param name="spacingMm">Three spacings in millimetres, each &gt; 0.</param>
    /// <param name="originLps">Three LPS coordinates of the centre of voxel (0, 0, 0), in millimetres.</param>
    /// <param name="directionRowMajor">Nine direction cosines, row by row (column c is the LPS unit vector of axis c).</param>
    /// <exception cref="ArgumentException">An array has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (see the main constructor).</exception>
    public VolumeGeometry(int[] size, double[] spacingMm, double[] originLps, double[] directionRowMajor)
        : this(ToSize(size), Vector3d.FromSpan(spacingMm), Vector3d.FromSpan(originLps), Matrix3d.FromRowMajor(directionRowMajor))
    {
    }

    /// <summary>Voxels along i, j and k.</summary>
    public VolumeSize Size { get; }

    /// <summary>Distance between voxel centres along i, j and k, in millimetres.</summary>
    public Vector3d SpacingMm { get; }

    /// <summary>The LPS position of the centre of voxel (0, 0, 0), in millimetres.</summary>
    public Vector3d OriginLps { get; }

    /// <summary>Direction cosines: column c is the LPS unit vector of voxel axis c.</summary>
    public Matrix3d Direction { get; }

    /// <summary>The 3×3 matrix <c>Direction · diag(Spacing)</c> mapping index offsets to LPS offsets in millimetres.</summary>
    public Matrix3d IndexToWorldMatrix => _indexToWorld;

    /// <summary>Creates an axis-aligned geometry with the identity direction.</summary>
    /// <param name="size">Voxels along i, j and k.</param>
    /// <param name="spacingMm">Spacing in millimetres; defaults to 1 mm on each axis.</param>
    /// <param name="originLps">Origin in LPS millimetres; defaults to 0.</param>
    /// <returns>The geometry.</returns>
    public static VolumeGeometry AxisAligned(VolumeSize size, Vector3d? spacingMm = null, Vector3d? originLps = null) =>
        new(size, spacingMm ?? Vector3d.One, originLps ?? Vector3d.Zero, Matrix3d.Identity);

    /// <summary>Maps a continuous voxel index to an LPS world position.</summary>
    /// <param name="indexIjk">Continuous index (i, j, k); voxel centres are at integers.</param>
    /// <returns><c>Origin + Direction · diag(Spacing) · index</c>, in LPS millimetres.</returns>
    public Vector3d IndexToWorld(Vector3d indexIjk) => OriginLps + (_indexToWorld * indexIjk);

    /// <summary>Maps an LPS world position to a continuous voxel index.</summary>
    /// <param name="worldLps">LPS position in millimetres.</param>
    /// <returns>The continuous index (i, j, k); voxel centres are at integers.</returns>
    public Vector3d WorldToIndex(Vector3d worldLps) => _worldToIndex * (worldLps - OriginLps);

    /// <summary>Whether a continuous index lies inside the volume, counting each voxel as the box ±0.5 around its centre
    /// (the library's one boundary convention, <see cref="VolumeSize.ContainsIndex"/>).</summary>
    /// <param name="indexIjk">Continuous index.</param>
    /// <returns>True when −0.5 ≤ index &lt; size − 0.5 on every axis.</returns>
    public bool ContainsIndex(Vector3d indexIjk) => Size.ContainsIndex(indexIjk);

    /// <summary>Whether an LPS world position lies inside the volume (see <see cref="ContainsIndex"/>).</summary>
    /// <param name="worldLps">LPS position in millimetres.</param>
    /// <returns>True when the position falls inside a voxel of the volume.</returns>
    public bool ContainsWorld(Vector3d worldLps) => ContainsIndex(WorldToIndex(worldLps));

    /// <summary>Whether two geometries describe the same voxel grid within a tolerance in millimetres.</summary>
    /// <remarks>The sizes must be equal, and the eight outer corners of the grids (voxel edges, index −0.5 and size − 0.5)
    /// must lie within <paramref name="toleranceMm"/> of each other, which bounds spacing, origin and direction
    /// differences physically.</remarks>
    /// <param name="other">The other geometry.</param>
    /// <param name="toleranceMm">Largest allowed corner displacement in millimetres, ≥ 0; e.g. 1e-3.</param>
    /// <returns>True when the grids match.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="toleranceMm"/> is negative or NaN.</exception>
    public bool IsClose(VolumeGeometry other, double toleranceMm)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!(toleranceMm >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(toleranceMm), toleranceMm, "The tolerance must be a non-negative number of millimetres.");
        }

        if (Size != other.Size)
        {
            return false;
        }

        for (int corner = 0; corner < 8; corner++)
        {
            var index = new Vector3d(
                (corner & 1) == 0 ? -0.5 : Size.I - 0.5,
                (corner & 2) == 0 ? -0.5 : Size.J - 0.5,
                (corner & 4) == 0 ? -0.5 : Size.K - 0.5);
            if (Vector3d.Distance(IndexToWorld(index), other.IndexToWorld(index)) > toleranceMm)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The geometry of a sub-region (or a padded region) of this grid.</summary>
    /// <remarks>The crop keeps spacing and direction; its voxel (0, 0, 0) is this grid's voxel <paramref name="start"/>,
    /// so <c>crop.IndexToWorld(x) == IndexToWorld(x + start)</c>. The region may extend past the volume (for padding).</remarks>
    /// <param name="start">Index of the region's first voxel in this grid; may be negative.</param>
    /// <param name="size">Size of the region; each at least 1.</param>
    /// <returns>The region's geometry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public VolumeGeometry Crop((int I, int J, int K) start, VolumeSize size) =>
        new(size, SpacingMm, IndexToWorld(new Vector3d(start.I, start.J, start.K)), Direction);

    /// <summary>The geometry of this grid resampled to a new size covering the same physical extent.</summary>
    /// <remarks>
    /// <para>Convention (the voxel-edge, "align corners = false" convention of ITK and SimpleITK resampling): the extent
    /// of an axis is size × spacing, measured between the outer voxel edges, and is kept. Hence
    /// <c>spacing' = spacing · size / size'</c>, and the origin moves along each axis by <c>(spacing' − spacing) / 2</c>
    /// so that the outer edge of the first voxel stays where it was. Direction is unchanged.</para>
    /// <para>A continuous index maps between the grids as <c>index' = (index + 0.5) · size' / size − 0.5</c>.</para>
    /// </remarks>
    /// <param name="newSize">The new size; each at least 1.</param>
    /// <returns>The resampled geometry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public VolumeGeometry Resample(VolumeSize newSize)
    {
        if (newSize.I < 1 || newSize.J < 1 || newSize.K < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(newSize), newSize, "Every size must be at least 1.");
        }

        Vector3d newSpacing = Vector3d.Multiply(SpacingMm, Vector3d.Divide(Size.ToVector(), newSize.ToVector()));
        return WithGrid(newSize, newSpacing);
    }

    /// <summary>The geometry of this grid resampled to a new spacing, covering (as nearly as whole voxels allow) the same extent.</summary>
    /// <remarks>The new size along each axis is <c>max(1, round(size · spacing / spacing'))</c> (halves round away from zero); the spacing is exactly
    /// <paramref name="newSpacingMm"/>, and the outer edge of the first voxel stays fixed as in <see cref="Resample"/>.</remarks>
    /// <param name="newSpacingMm">The new spacing in millimetres; each positive and finite.</param>
    /// <returns>The resampled geometry.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A spacing is not a positive finite number.</exception>
    public VolumeGeometry WithSpacing(Vector3d newSpacingMm)
    {
        if (!newSpacingMm.IsFinite || newSpacingMm.X <= 0 || newSpacingMm.Y <= 0 || newSpacingMm.Z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(newSpacingMm), newSpacingMm, "Every spacing must be a positive finite number of millimetres.");
        }

        Vector3d extent = Vector3d.Multiply(Size.ToVector(), SpacingMm);
        var newSize = new VolumeSize(
            RoundSize(extent.X / newSpacingMm.X, nameof(newSpacingMm)),
            RoundSize(extent.Y / newSpacingMm.Y, nameof(newSpacingMm)),
            RoundSize(extent.Z / newSpacingMm.Z, nameof(newSpacingMm)));
        return WithGrid(newSize, newSpacingMm);
    }

    /// <summary>A copy with a different size and everything else unchanged.</summary>
    /// <param name="size">The new size.</param>
    /// <returns>The geometry.</returns>
    public VolumeGeometry WithSize(VolumeSize size) => new(size, SpacingMm, OriginLps, Direction);

    /// <summary>A copy with a different origin and everything else unchanged.</summary>
    /// <param name="originLps">The new origin in LPS millimetres.</param>
    /// <returns>The geometry.</returns>
    public VolumeGeometry WithOrigin(Vector3d originLps) => new(Size, SpacingMm, originLps, Direction);

    /// <inheritdoc/>
    public bool Equals(VolumeGeometry? other) =>
        other is not null && Size == other.Size && SpacingMm == other.SpacingMm && OriginLps == other.OriginLps && Direction == other.Direction;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VolumeGeometry);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Size, SpacingMm, OriginLps, Direction);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"size {Size}, spacing {SpacingMm} mm, origin {OriginLps} LPS mm, direction {Direction}");

    internal static bool IsOrthonormal(Matrix3d m, double tolerance)
    {
        if (!m.IsFinite)
        {
            return false;
        }

        Matrix3d p = m.Transpose * m;
        return p.MaxAbsDifference(Matrix3d.Identity) <= tolerance;
    }

    private VolumeGeometry WithGrid(VolumeSize newSize, Vector3d newSpacing)
    {
        // Keep the outer edge of voxel 0 fixed: origin' − ½·D·spacing' = origin − ½·D·spacing.
        Vector3d shift = Direction * ((newSpacing - SpacingMm) * 0.5);
        return new VolumeGeometry(newSize, newSpacing, OriginLps + shift, Direction);
    }

    private static int RoundSize(double value, string paramName)
    {
        double r = Math.Max(1, Math.Round(value, MidpointRounding.AwayFromZero));
        if (r > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The resulting size is too large.");
        }

        return (int)r;
    }

    private static VolumeSize ToSize(int[] size)
    {
        ArgumentNullException.ThrowIfNull(size);
        if (size.Length != 3)
        {
            throw new ArgumentException($"Expected 3 sizes but got {size.Length}.", nameof(size));
        }

        return new VolumeSize(size[0], size[1], size[2]);
    }
}
