using H3deMl.Core.IO.Dicom;
using H3deMl.Core.IO.MetaImage;
using H3deMl.Core.IO.Nifti;
using H3deMl.Core.IO.Nrrd;
using H3deMl.Core.IO.Numpy;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>The volume file formats.</summary>
internal enum VolumeFileFormat
{
    Unknown = 0,
    Nrrd,
    Nifti,
    MetaImage,
    Numpy,
    Dicom,
}

/// <summary>Chooses a volume reader or writer from a path's content and extension.</summary>
internal static class VolumeIO
{
    public static Volume Read(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (Directory.Exists(path))
        {
            return DicomSeriesReader.Read(path, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{Path.GetFileName(path)}: the file does not exist.", path);
        }

        return Detect(path) switch
        {
            VolumeFileFormat.Nrrd => NrrdReader.Read(path, cancellationToken),
            VolumeFileFormat.Nifti => NiftiReader.Read(path, cancellationToken),
            VolumeFileFormat.MetaImage => MetaImageReader.Read(path, cancellationToken),
            VolumeFileFormat.Numpy => NumpyVolumeIO.Read(path, cancellationToken),
            VolumeFileFormat.Dicom => DicomSeriesReader.Read(path, cancellationToken),
            _ => throw new UnsupportedVolumeContentException(
                path,
                $"{Path.GetFileName(path)}: the format is not recognised from its content or extension; volumes are read from NRRD (.nrrd, .nhdr), NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd), NumPy (.npy) and DICOM (a folder or .dcm)."),
        };
    }

    public static Task<Volume> ReadAsync(string path, CancellationToken cancellationToken) =>
        Task.Run(() => Read(path, cancellationToken), cancellationToken);

    /// <summary>Detects the format: magic bytes first, then the extension.</summary>
    public static VolumeFileFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[132];
        int n;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..n];
        if (head.StartsWith("NRRD"u8))
        {
            return VolumeFileFormat.Nrrd;
        }

        if (head.Length >= 6 && head[0] == 0x93 && head[1..6].SequenceEqual("NUMPY"u8))
        {
            return VolumeFileFormat.Numpy;
        }

        if (head.Length >= 132 && head.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            return VolumeFileFormat.Dicom;
        }

        if (head.Length >= 4 && Nifti.NiftiHeader.Probe(head) is not null)
        {
            return VolumeFileFormat.Nifti;
        }

        string name = path.ToLowerInvariant();
        if (name.EndsWith(".nii", StringComparison.Ordinal) || name.EndsWith(".nii.gz", StringComparison.Ordinal))
        {
            return VolumeFileFormat.Nifti;
        }

        if (name.EndsWith(".nrrd", StringComparison.Ordinal) || name.EndsWith(".nhdr", StringComparison.Ordinal))
        {
            return VolumeFileFormat.Nrrd;
        }

        if (name.EndsWith(".mha", StringComparison.Ordinal) || name.EndsWith(".mhd", StringComparison.Ordinal))
        {
            return VolumeFileFormat.MetaImage;
        }

        if (name.EndsWith(".npy", StringComparison.Ordinal))
        {
            return VolumeFileFormat.Numpy;
        }

        if (name.EndsWith(".dcm", StringComparison.Ordinal))
        {
            return VolumeFileFormat.Dicom;
        }

        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            // A gzip file without a known extension: NIfTI is the common case.
            return VolumeFileFormat.Nifti;
        }

        if (head.StartsWith("ObjectType"u8) || head.StartsWith("NDims"u8))
        {
            return VolumeFileFormat.MetaImage;
        }

        return VolumeFileFormat.Unknown;
    }

    /// <summary>Whether a path names a writable volume format.</summary>
    public static bool IsWritableVolumePath(string path)
    {
        string name = path.ToLowerInvariant();
        return name.EndsWith(".nrrd", StringComparison.Ordinal) || name.EndsWith(".nhdr", StringComparison.Ordinal) ||
            name.EndsWith(".nii", StringComparison.Ordinal) || name.EndsWith(".nii.gz", StringComparison.Ordinal) ||
            name.EndsWith(".mha", StringComparison.Ordinal) || name.EndsWith(".mhd", StringComparison.Ordinal) ||
            name.EndsWith(".npy", StringComparison.Ordinal);
    }

    /// <summary>Writes in the format the extension names; <paramref name="elementType"/> null keeps the original element
    /// type when it holds every voxel exactly (else float32).</summary>
    public static void Write(Volume volume, string path, VolumeElementType? elementType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        string name = path.ToLowerInvariant();
        if (IsWritableVolumePath(path))
        {
            // Resolved here so that a type that does not fit is reported against this parameter; the writers then check
            // the (fitting) type again in one vectorised pass.
            elementType = WriteElementType.Choose(volume, elementType, nameof(elementType));
        }

        if (name.EndsWith(".nrrd", StringComparison.Ordinal))
        {
            NrrdWriter.Write(volume, path, new NrrdWriteOptions { Encoding = NrrdEncoding.Gzip, ElementType = elementType }, cancellationToken);
        }
        else if (name.EndsWith(".nhdr", StringComparison.Ordinal))
        {
            NrrdWriter.Write(volume, path, new NrrdWriteOptions { Encoding = NrrdEncoding.Raw, ElementType = elementType }, cancellationToken);
        }
        else if (name.EndsWith(".nii", StringComparison.Ordinal) || name.EndsWith(".nii.gz", StringComparison.Ordinal))
        {
            NiftiWriter.Write(volume, path, new NiftiWriteOptions { ElementType = elementType }, cancellationToken);
        }
        else if (name.EndsWith(".mha", StringComparison.Ordinal) || name.EndsWith(".mhd", StringComparison.Ordinal))
        {
            MetaImageWriter.Write(volume, path, new MetaImageWriteOptions { ElementType = elementType }, cancellationToken);
        }
        else if (name.EndsWith(".npy", StringComparison.Ordinal))
        {
            NumpyVolumeIO.Write(volume, path, elementType, cancellationToken);
        }
        else
        {
            throw new ArgumentException(
                $"{Path.GetFileName(path)}: the extension is not a writable volume format; use .nrrd, .nhdr, .nii, .nii.gz, .mha, .mhd or .npy.",
                nameof(path));
        }
    }

    public static Task WriteAsync(Volume volume, string path, VolumeElementType? elementType, CancellationToken cancellationToken) =>
        Task.Run(() => Write(volume, path, elementType, cancellationToken), cancellationToken);
}
