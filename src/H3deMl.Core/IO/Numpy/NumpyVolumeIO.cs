using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Numpy;

/// <summary>Reads and writes a volume as a 3D <c>.npy</c> array whose axis n is voxel axis n (the reference dataset's
/// convention, matching its <c>*_label.npy</c> indices); spacing from a sibling <c>*_spacing.npy</c>, else 1 mm.</summary>
internal static class NumpyVolumeIO
{
    public static Volume Read(string path, CancellationToken cancellationToken)
    {
        NpyArray a = NpyArray.Read(path, cancellationToken);
        if (a.Shape.Length is < 1 or > 3 || a.Shape.Any(s => s < 1 || s > int.MaxValue))
        {
            throw new UnsupportedVolumeContentException(path, $"{Path.GetFileName(path)}: the array has shape ({string.Join(", ", a.Shape)}); a volume needs 1 to 3 non-empty axes.", field: "shape");
        }

        long[] shape = [.. a.Shape, .. Enumerable.Repeat(1L, 3 - a.Shape.Length)];
        float[] data = a.Data;
        if (!a.IsFortranOrder && a.Shape.Length > 1)
        {
            // C order has the last axis fastest; our layout needs axis 0 (i) fastest.
            data = VoxelDecoding.ReverseAxes(data, a.Shape);
        }

        Vector3d spacing = Vector3d.One;
        string? spacingPath = FindSpacing(path);
        if (spacingPath is not null)
        {
            (double[] values, _) = NpyArray.ReadDoubles(spacingPath);
            if (values.Length == 3 && values.All(v => double.IsFinite(v) && v > 0))
            {
                spacing = new Vector3d(values[0], values[1], values[2]);
            }
        }

        var geometry = VolumeGeometry.AxisAligned(new VolumeSize((int)shape[0], (int)shape[1], (int)shape[2]), spacing);
        var metadata = new Dictionary<string, string> { [VolumeMetadataKeys.Format] = "NumPy", [VolumeMetadataKeys.SourcePath] = path };
        return new Volume(data, geometry, a.ElementType, metadata);
    }

    public static void Write(Volume volume, string path, VolumeElementType? elementType, CancellationToken cancellationToken)
    {
        if (volume.Components != 1)
        {
            throw new ArgumentException($"A .npy volume holds one value per voxel but the volume has {volume.Components} components.", nameof(volume));
        }

        VolumeElementType type = WriteElementType.Choose(volume, elementType, nameof(elementType));
        VolumeSize s = volume.Size;
        VolumeWriting.WriteAtomically(path, stream => NpyArray.Write(stream, volume.Voxels, type, [s.I, s.J, s.K], fortran: true, cancellationToken), cancellationToken);
    }

    /// <summary>The sibling spacing file: "X_volume.npy"/"X_image.npy"/"X.npy" → "X_spacing.npy".</summary>
    public static string? FindSpacing(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string stem = Path.GetFileNameWithoutExtension(path);
        foreach (string suffix in new[] { "_volume", "_image", "_img", "_data", "_label", "" })
        {
            if (suffix.Length > 0 && !stem.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            string candidate = Path.Combine(dir, stem[..^suffix.Length] + "_spacing.npy");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
