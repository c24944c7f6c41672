using H3deMl.Core.Geometry;

namespace H3deMl.Core.Landmarks;

/// <summary>An ordered, immutable set of named landmarks in LPS world coordinates (millimetres), each present or missing.</summary>
/// <remarks>Landmarks live in world coordinates and are converted to voxel indices through a
/// <see cref="VolumeGeometry"/>, never assumed axis-aligned (DECISIONS.md §9). Slicer files in RAS are converted on read.</remarks>
public sealed class LandmarkSet
{
    /// <summary>Creates a set.</summary>
    /// <param name="landmarks">The landmarks, in order. Copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="landmarks"/> or a name is null.</exception>
    /// <exception cref="ArgumentException">A present landmark has a non-finite position.</exception>
    public LandmarkSet(IEnumerable<Landmark> landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        Landmark[] copy = [.. landmarks];
        foreach (Landmark l in copy)
        {
            ArgumentNullException.ThrowIfNull(l.Name, nameof(landmarks));
            if (l.IsPresent && !l.PositionLps.IsFinite)
            {
                throw new ArgumentException($"The landmark '{l.Name}' is marked present but its position {l.PositionLps} is not finite.", nameof(landmarks));
            }
        }

        Landmarks = copy;
    }

    /// <summary>The landmarks, in order.</summary>
    public IReadOnlyList<Landmark> Landmarks { get; }

    /// <summary>The number of landmarks.</summary>
    public int Count => Landmarks.Count;

    /// <summary>The landmark names, in order.</summary>
    public IReadOnlyList<string> Names => [.. Landmarks.Select(l => l.Name)];

    /// <summary>Gets a landmark by position in the set.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>The landmark.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public Landmark this[int index] => Landmarks[index];

    /// <summary>Creates a set from a landmark column's values: 3 floats per landmark (L, P, S mm), NaN where missing.</summary>
    /// <param name="values">The values, e.g. a row's <c>Landmarks</c> or <c>PredictedLandmarks</c>.</param>
    /// <param name="names">One name per landmark.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">There are not 3 values per name.</exception>
    public static LandmarkSet FromLpsVector(ReadOnlySpan<float> values, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return MLNet.LandmarkColumn.FromVector(values, names);
    }

    /// <summary>Creates a set from continuous voxel indices in a geometry.</summary>
    /// <param name="names">Landmark names.</param>
    /// <param name="indicesIjk">Continuous voxel indices (i, j, k), one per name.</param>
    /// <param name="isPresent">Presence flags, one per name; null means all present.</param>
    /// <param name="geometry">The geometry the indices refer to.</param>
    /// <returns>The set, in LPS world coordinates.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="isPresent"/> is null.</exception>
    /// <exception cref="ArgumentException">The lists have different lengths.</exception>
    public static LandmarkSet FromIndices(IReadOnlyList<string> names, IReadOnlyList<Vector3d> indicesIjk, IReadOnlyList<bool>? isPresent, VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(indicesIjk);
        ArgumentNullException.ThrowIfNull(geometry);
        if (indicesIjk.Count != names.Count || (isPresent is not null && isPresent.Count != names.Count))
        {
            throw new ArgumentException("There must be one index and one presence flag per name.", nameof(indicesIjk));
        }

        var list = new Landmark[names.Count];
        for (int n = 0; n < list.Length; n++)
        {
            bool present = (isPresent?[n] ?? true) && indicesIjk[n].IsFinite;
            Vector3d world = indicesIjk[n].IsFinite ? geometry.IndexToWorld(indicesIjk[n]) : new Vector3d(double.NaN, double.NaN, double.NaN);
            list[n] = new Landmark(names[n], world, present);
        }

        return new LandmarkSet(list);
    }

    /// <summary>The continuous voxel index (i, j, k) of every landmark in a geometry, in order.</summary>
    /// <param name="geometry">The geometry.</param>
    /// <returns>One index per landmark (NaN for a landmark without a finite position).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> is null.</exception>
    public Vector3d[] ToIndices(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var result = new Vector3d[Count];
        for (int n = 0; n < result.Length; n++)
        {
            result[n] = geometry.WorldToIndex(Landmarks[n].PositionLps);
        }

        return result;
    }

    /// <summary>A copy in which every landmark outside the geometry's field of view is marked missing.</summary>
    /// <param name="geometry">The volume geometry.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> is null.</exception>
    public LandmarkSet MarkOutsideAsMissing(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return new LandmarkSet(Landmarks.Select(l => l with { IsPresent = l.IsPresent && geometry.ContainsWorld(l.PositionLps) }));
    }

    /// <summary>Reads landmarks, choosing the format from the extension and content.</summary>
    /// <remarks>Formats: Slicer Markups JSON (<c>.mrk.json</c>, <c>.json</c>; LPS or RAS), Slicer <c>.fcsv</c> (v4.x with
    /// CoordinateSystem LPS/RAS/0/1, and the Slicer3 fiducial list), CSV (<c>name,x,y,z</c> in LPS mm with a header row),
    /// and the reference dataset's <c>*_label.npy</c> (N×3 voxel indices; a row whose mean is below −100 is missing),
    /// which needs <paramref name="geometry"/> or a sibling <c>*_spacing.npy</c> (then the geometry is axis-aligned with
    /// that spacing and origin 0).</remarks>
    /// <param name="path">The landmark file.</param>
    /// <param name="geometry">The volume geometry for voxel-index formats (<c>.npy</c>); ignored for world-coordinate formats.</param>
    /// <returns>The landmarks in LPS millimetres.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="LandmarkFormatException">The file is malformed or of an unknown kind.</exception>
    public static LandmarkSet Read(string path, VolumeGeometry? geometry = null) => LandmarkIO.Read(path, geometry);

    /// <summary>Writes landmarks, choosing the format from the extension: <c>.mrk.json</c>/<c>.json</c> (Markups, LPS),
    /// <c>.fcsv</c> (v4.x, LPS) or <c>.csv</c> (<c>name,x,y,z</c>, LPS mm; missing landmarks are written with empty coordinates).</summary>
    /// <param name="path">The output path.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not a writable landmark format.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(string path) => LandmarkIO.Write(this, path);

    /// <summary>Writes landmarks as <see cref="Write(string)"/> does, with a free-text description per landmark (for example a
    /// prediction's presence probability): Markups <c>description</c>, <c>.fcsv</c> <c>desc</c>, or a <c>description</c> column in <c>.csv</c>.</summary>
    /// <param name="path">The output path.</param>
    /// <param name="descriptions">One description per landmark, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="descriptions"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not a writable landmark format, or the description count differs from <see cref="Count"/>.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(string path, IReadOnlyList<string> descriptions)
    {
        ArgumentNullException.ThrowIfNull(descriptions);
        LandmarkIO.Write(this, path, descriptions);
    }
}
