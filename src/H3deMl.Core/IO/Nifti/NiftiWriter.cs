using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Nifti;

/// <summary>Writes NIfTI-1 volumes (<c>.nii</c>, or gzip-compressed <c>.nii.gz</c>), keeping the volume's original
/// element type when it holds every voxel exactly.</summary>
/// <remarks>
/// <para><b>Element type.</b> By default the voxels are stored as <see cref="Volume.OriginalElementType"/> when every value
/// fits it exactly (integers in range for an integer type; always for float32 and float64), else as float32, so no
/// value is ever rounded or clamped; <see cref="NiftiWriteOptions.ElementType"/> asks for a type explicitly.
/// <c>datatype</c> and <c>bitpix</c> follow the type (2/8 uint8, 256/8 int8, 512/16 uint16, 4/16 int16, 768/32 uint32,
/// 8/32 int32, 1280/64 uint64, 1024/64 int64, 16/32 float32, 64/64 float64), little-endian.</para>
/// <para>Layout written: a 348-byte little-endian NIfTI-1 header, four zero extension bytes, then the voxels at
/// <c>vox_offset</c> 352. <c>scl_slope</c> 1 and <c>scl_inter</c> 0 (voxels are stored already rescaled),
/// <c>xyzt_units</c> mm (and seconds for a time axis). Both transforms are written with code 1
/// (scanner): the sform holds the RAS affine (LPS geometry with the first two rows negated), and the qform the same
/// rotation as a quaternion with qfac in <c>pixdim[0]</c>. NIfTI-1 stores them as float32, so geometry survives a round
/// trip to float32 precision. A volume with components is written as 4D (dim[4] = components, the component axis
/// slowest, as NIfTI stores time).</para>
/// </remarks>
public static class NiftiWriter
{
    /// <summary>Writes a volume, keeping its original element type when it holds every voxel exactly (else float32).</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">The output path; a name ending in <c>.gz</c> is gzip-compressed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A size exceeds NIfTI-1's limit of 32,767 per axis.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static void Write(Volume volume, string path, CancellationToken cancellationToken = default) =>
        Write(volume, path, null, cancellationToken);

    /// <summary>Writes a volume with options.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">The output path; a name ending in <c>.gz</c> is gzip-compressed.</param>
    /// <param name="options">Options (the element type); null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A size exceeds NIfTI-1's limit of 32,767 per axis, or a voxel value does not fit
    /// the requested <see cref="NiftiWriteOptions.ElementType"/> exactly.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static void Write(Volume volume, string path, NiftiWriteOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        VolumeElementType type = WriteElementType.Choose(volume, options?.ElementType, nameof(options));
        byte[] header = BuildHeader(volume, type);
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        float[] data = volume.Components > 1 ? ComponentsSlowest(volume) : volume.Voxels;
        VolumeWriting.WriteAtomically(
            path,
            file =>
            {
                Stream s = gzip ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true) : file;
                try
                {
                    s.Write(header);
                    s.Write(new byte[4]);
                    VoxelEncoding.Write(s, data, type, cancellationToken);
                }
                finally
                {
                    if (gzip)
                    {
                        s.Dispose();
                    }
                }
            },
            cancellationToken);
    }

    /// <summary>Writes a volume asynchronously (on a worker thread), keeping its original element type when it holds every
    /// voxel exactly (else float32).</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">The output path; a name ending in <c>.gz</c> is gzip-compressed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A size exceeds NIfTI-1's limit.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static Task WriteAsync(Volume volume, string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Write(volume, path, null, cancellationToken), cancellationToken);

    /// <summary>Writes a volume with options asynchronously (on a worker thread).</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">The output path; a name ending in <c>.gz</c> is gzip-compressed.</param>
    /// <param name="options">Options (the element type); null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A size exceeds NIfTI-1's limit, or a voxel value does not fit the requested
    /// element type exactly.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static Task WriteAsync(Volume volume, string path, NiftiWriteOptions? options, CancellationToken cancellationToken = default) =>
        Task.Run(() => Write(volume, path, options, cancellationToken), cancellationToken);

    /// <summary>The NIfTI <c>datatype</c> code of an element type.</summary>
    internal static short DatatypeCode(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => 2,
        VolumeElementType.Int16 => 4,
        VolumeElementType.Int32 => 8,
        VolumeElementType.Float32 => 16,
        VolumeElementType.Float64 => 64,
        VolumeElementType.Int8 => 256,
        VolumeElementType.UInt16 => 512,
        VolumeElementType.UInt32 => 768,
        VolumeElementType.Int64 => 1024,
        VolumeElementType.UInt64 => 1280,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };

    private static float[] ComponentsSlowest(Volume v)
    {
        int c = v.Components;
        long n = v.Size.VoxelCount;
        var result = new float[v.Voxels.LongLength];
        for (long x = 0; x < n; x++)
        {
            for (int k = 0; k < c; k++)
            {
                result[x + (k * n)] = v.Voxels[(x * c) + k];
            }
        }

        return result;
    }

    internal static byte[] BuildHeader(Volume volume, VolumeElementType type = VolumeElementType.Float32)
    {
        VolumeGeometry g = volume.Geometry;
        int[] sizes = [g.Size.I, g.Size.J, g.Size.K, volume.Components];
        foreach (int s in sizes)
        {
            if (s > short.MaxValue)
            {
                throw new ArgumentException($"NIfTI-1 holds at most {short.MaxValue} voxels per axis but the volume is {g.Size} with {volume.Components} component(s).", nameof(volume));
            }
        }

        var b = new byte[NiftiHeader.Nifti1Size];
        void I16(int o, int v) => BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(o), (short)v);
        void F32(int o, double v) => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(o), (float)v);
        BinaryPrimitives.WriteInt32LittleEndian(b, NiftiHeader.Nifti1Size);
        b[39] = 0; // dim_info
        bool fourD = volume.Components > 1;
        I16(40, fourD ? 4 : 3);
        for (int n = 0; n < 7; n++)
        {
            I16(42 + (2 * n), n < (fourD ? 4 : 3) ? sizes[n] : 1);
        }

        I16(70, DatatypeCode(type));
        I16(72, type.SizeInBytes() * 8);

        // RAS affine from LPS: negate rows 0 and 1.
        Matrix3d flip = Matrix3d.Diagonal(new Vector3d(-1, -1, 1));
        Matrix3d rotation = flip * g.Direction;
        Vector3d originRas = flip * g.OriginLps;
        double qfac = rotation.Determinant < 0 ? -1 : 1;
        Matrix3d proper = qfac < 0 ? Matrix3d.FromColumns(rotation.Column(0), rotation.Column(1), -rotation.Column(2)) : rotation;
        (double qb, double qc, double qd) = ToQuaternion(proper);

        F32(76, qfac);
        F32(80, g.SpacingMm.X);
        F32(84, g.SpacingMm.Y);
        F32(88, g.SpacingMm.Z);
        F32(92, volume.Metadata.TryGetValue(VolumeMetadataKeys.ComponentSpacing, out string? ts) && double.TryParse(ts, System.Globalization.CultureInfo.InvariantCulture, out double t) ? t : 1);
        F32(96, 1);
        F32(100, 1);
        F32(104, 1);
        F32(108, 352);
        F32(112, 1);
        F32(116, 0);
        b[123] = (byte)(2 | (fourD ? 8 : 0));
        if (volume.Metadata.TryGetValue(VolumeMetadataKeys.Description, out string? descrip))
        {
            byte[] d = Encoding.ASCII.GetBytes(descrip.Length > 79 ? descrip[..79] : descrip);
            d.CopyTo(b, 148);
        }

        I16(252, 1);
        I16(254, 1);
        F32(256, qb);
        F32(260, qc);
        F32(264, qd);
        F32(268, originRas.X);
        F32(272, originRas.Y);
        F32(276, originRas.Z);
        Matrix3d affine = rotation * Matrix3d.Diagonal(g.SpacingMm);
        for (int row = 0; row < 3; row++)
        {
            for (int c = 0; c < 3; c++)
            {
                F32(280 + (16 * row) + (4 * c), affine[row, c]);
            }

            F32(280 + (16 * row) + 12, originRas[row]);
        }

        "n+1\0"u8.CopyTo(b.AsSpan(344));
        return b;
    }

    /// <summary>The (b, c, d) of the unit quaternion of a proper rotation, with a ≥ 0 (the NIfTI reference algorithm).</summary>
    internal static (double B, double C, double D) ToQuaternion(Matrix3d r)
    {
        double r11 = r[0, 0], r12 = r[0, 1], r13 = r[0, 2];
        double r21 = r[1, 0], r22 = r[1, 1], r23 = r[1, 2];
        double r31 = r[2, 0], r32 = r[2, 1], r33 = r[2, 2];
        double a = r11 + r22 + r33 + 1, b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        }
        else
        {
            double xd = 1.0 + r11 - (r22 + r33);
            double yd = 1.0 + r22 - (r11 + r33);
            double zd = 1.0 + r33 - (r11 + r22);
            if (xd > 1.0)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r12 + r21) / b;
                d = 0.25 * (r13 + r31) / b;
                a = 0.25 * (r32 - r23) / b;
            }
            else if (yd > 1.0)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r12 + r21) / c;
                d = 0.25 * (r23 + r32) / c;
                a = 0.25 * (r13 - r31) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r13 + r31) / d;
                c = 0.25 * (r23 + r32) / d;
                a = 0.25 * (r21 - r12) / d;
            }

            if (a < 0)
            {
                b = -b;
                c = -c;
                d = -d;
            }
        }

        return (b, c, d);
    }
}
