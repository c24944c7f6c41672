using System.Globalization;
using System.IO.Compression;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Nifti;

/// <summary>Reads NIfTI-1 and NIfTI-2 volumes (<c>.nii</c>, <c>.nii.gz</c>), either byte order, converting RAS to LPS.</summary>
/// <remarks>
/// <para>Transform selection follows nibabel's <c>get_best_affine</c>: the sform when <c>sform_code</c> &gt; 0, else the
/// qform when <c>qform_code</c> &gt; 0, else — departing from nibabel, which falls back to the Analyze affine (x flipped,
/// centred) — the NIfTI standard's method 1, the scaled identity <c>diag(pixdim[1..3])</c> with origin 0 (issue 3).
/// The qform uses qfac = −1 when <c>pixdim[0]</c> is −1 and 1 otherwise, and fills the quaternion's <c>a</c> as nibabel
/// does (0 when 1 − b² − c² − d² is slightly negative). The RAS affine A becomes LPS by negating its first two rows; the
/// spacing is the length of each column and the direction the normalised column.</para>
/// <para>Intensities: <c>scl_slope</c> 0 or not finite means no scaling (as in nibabel); otherwise
/// value·slope + inter (inter not finite counts as 0).</para>
/// <para>Dimensions 4 to 7 (time, vector) become <see cref="Volume.Components"/>, reordered component-fastest; RGB24 and
/// RGBA32 become 3 or 4 uint8 components.</para>
/// </remarks>
public static class NiftiReader
{
    /// <summary>Reads a NIfTI file.</summary>
    /// <param name="path">A <c>.nii</c> or <c>.nii.gz</c> file (gzip is detected from the content).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume, in LPS.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed or truncated.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The datatype or file layout is not supported.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int m = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = m == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        if (!gzip)
        {
            return ReadFrom(path, file, file.Length, compressedLength: null, cancellationToken);
        }

        using var z = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            return ReadFrom(path, z, knownLength: null, compressedLength: file.Length, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            NiftiThrowHelper.ThrowCorruptGzip(path, e);
            throw;
        }
    }

    /// <summary>Reads a NIfTI file asynchronously (on a worker thread).</summary>
    /// <param name="path">A <c>.nii</c> or <c>.nii.gz</c> file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed or truncated.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The datatype or file layout is not supported.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Task<Volume> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(path, cancellationToken), cancellationToken);

    private static Volume ReadFrom(string path, Stream s, long? knownLength, long? compressedLength, CancellationToken cancellationToken)
    {
        var buffer = new byte[NiftiHeader.Nifti2Size];
        int got = s.ReadAtLeast(buffer.AsSpan(0, 4), 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            NiftiThrowHelper.ThrowShortHeader(path, NiftiHeader.Nifti1Size, got);
        }

        (int Version, bool BigEndian)? probe = NiftiHeader.Probe(buffer);
        if (probe is null)
        {
            NiftiThrowHelper.ThrowBadSizeofHdr(
                path,
                System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(buffer),
                System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buffer));
        }

        (int version, bool bigEndian) = probe.Value;
        int headerSize = version == 1 ? NiftiHeader.Nifti1Size : NiftiHeader.Nifti2Size;
        got += s.ReadAtLeast(buffer.AsSpan(4, headerSize - 4), headerSize - 4, throwOnEndOfStream: false);
        if (got < headerSize)
        {
            NiftiThrowHelper.ThrowShortHeader(path, headerSize, got);
        }

        NiftiHeader h = NiftiHeader.Parse(buffer, version, bigEndian);
        string expectedMagic = version == 1 ? "n+1" : "n+2";
        if (h.Magic is "ni1" or "ni2")
        {
            NiftiThrowHelper.ThrowPairFile(path);
        }

        if (!h.Magic.StartsWith(expectedMagic, StringComparison.Ordinal))
        {
            NiftiThrowHelper.ThrowBadMagic(path, h.Magic);
        }

        (VolumeElementType type, int innerComponents) = MapDatatype(path, h.Datatype);
        long ndim = h.Dim[0];
        if (ndim < 1 || ndim > 7)
        {
            NiftiThrowHelper.ThrowBadField(path, "dim[0]", ndim.ToString(CultureInfo.InvariantCulture), "1 to 7");
        }

        var dims = new long[ndim];
        for (int n = 0; n < ndim; n++)
        {
            dims[n] = h.Dim[n + 1];
            if (dims[n] < 1)
            {
                NiftiThrowHelper.ThrowBadField(path, $"dim[{n + 1}]", dims[n].ToString(CultureInfo.InvariantCulture), "a positive size");
            }
        }

        long voxels = VoxelDecoding.CheckedProduct(dims.Append(innerComponents));
        if (voxels < 0 || dims.Take(3).Any(d => d > int.MaxValue))
        {
            NiftiThrowHelper.ThrowTooLarge(path, dims);
        }

        long voxOffset = h.VoxOffset;
        int minOffset = headerSize + 4;
        if (voxOffset == 0)
        {
            voxOffset = minOffset;
        }
        else if (voxOffset < headerSize)
        {
            NiftiThrowHelper.ThrowBadField(path, "vox_offset", h.VoxOffset.ToString(CultureInfo.InvariantCulture), $"at least {headerSize}");
        }

        int elementBytes = type.SizeInBytes();
        long needed = voxels * elementBytes;
        string typeName = innerComponents > 1 ? NiftiThrowHelper.DatatypeName(h.Datatype) : type.ToShortName();
        if (knownLength is { } length && length < voxOffset + needed)
        {
            NiftiThrowHelper.ThrowTruncated(path, dims, typeName, needed, length - voxOffset, voxOffset);
        }

        if (compressedLength is { } cl && !CompressionLimits.CanHold(cl, voxOffset + needed))
        {
            NiftiThrowHelper.ThrowImplausibleCompression(path, dims, needed, cl);
        }

        VolumeGeometry geometry = BuildGeometry(path, h, dims, out string transform, out int code);

        // Skip extensions up to vox_offset.
        long toSkip = voxOffset - headerSize;
        var skipBuffer = new byte[4096];
        while (toSkip > 0)
        {
            int n = s.Read(skipBuffer, 0, (int)Math.Min(skipBuffer.Length, toSkip));
            if (n == 0)
            {
                NiftiThrowHelper.ThrowTruncated(path, dims, typeName, needed, 0, voxOffset);
            }

            toSkip -= n;
        }

        float[] data;
        long read;
        if (compressedLength is null)
        {
            data = GC.AllocateUninitializedArray<float>((int)voxels);
            read = VoxelDecoding.ReadInto(s, data, type, bigEndian, cancellationToken);
        }
        else
        {
            data = CompressedVoxels.Read(s, voxels, type, bigEndian, cancellationToken, out read);
        }

        if (read < needed)
        {
            NiftiThrowHelper.ThrowTruncated(path, dims, typeName, needed, read, voxOffset + read);
        }

        double slope = h.SclSlope;
        double inter = h.SclInter;
        bool scaled = slope != 0 && double.IsFinite(slope);
        if (scaled)
        {
            inter = double.IsFinite(inter) ? inter : 0;
            VoxelDecoding.Rescale(data, slope, inter);
        }

        // Component layout: [inner (RGB)], i, j, k, t, ... → inner and t.. fastest.
        var sizes = new List<long>();
        var spatial = new List<bool>();
        if (innerComponents > 1)
        {
            sizes.Add(innerComponents);
            spatial.Add(false);
        }

        for (int n = 0; n < ndim; n++)
        {
            sizes.Add(dims[n]);
            spatial.Add(n < 3);
        }

        data = VoxelDecoding.MoveNonSpatialAxesFirst(data, sizes, spatial);
        long components = innerComponents * (ndim > 3 ? dims.Skip(3).Aggregate(1L, (a, b) => a * b) : 1);

        var metadata = new Dictionary<string, string>
        {
            [VolumeMetadataKeys.Format] = version == 1 ? "NIfTI-1" : "NIfTI-2",
            [VolumeMetadataKeys.SourcePath] = path,
            [VolumeMetadataKeys.NiftiTransform] = transform,
            [VolumeMetadataKeys.NiftiTransformCode] = code.ToString(CultureInfo.InvariantCulture),
        };
        if (scaled)
        {
            metadata[VolumeMetadataKeys.RescaleSlope] = slope.ToString("R", CultureInfo.InvariantCulture);
            metadata[VolumeMetadataKeys.RescaleIntercept] = inter.ToString("R", CultureInfo.InvariantCulture);
        }

        if (h.Descrip.Length > 0)
        {
            metadata[VolumeMetadataKeys.Description] = h.Descrip;
        }

        if (h.IntentCode != 0)
        {
            metadata[VolumeMetadataKeys.NiftiPrefix + "intent_code"] = h.IntentCode.ToString(CultureInfo.InvariantCulture);
        }

        if (components > 1)
        {
            metadata[VolumeMetadataKeys.ComponentKind] = innerComponents > 1 ? (innerComponents == 3 ? "RGB-color" : "RGBA-color") : (h.IntentCode == 1007 ? "vector" : "time");
            if (ndim > 3 && innerComponents == 1 && double.IsFinite(h.Pixdim[4]) && h.Pixdim[4] != 0)
            {
                metadata[VolumeMetadataKeys.ComponentSpacing] = h.Pixdim[4].ToString("R", CultureInfo.InvariantCulture);
            }
        }

        return new Volume(data, geometry, type, metadata, (int)components);
    }

    private static (VolumeElementType Type, int InnerComponents) MapDatatype(string path, short code) => code switch
    {
        2 => (VolumeElementType.UInt8, 1),
        4 => (VolumeElementType.Int16, 1),
        8 => (VolumeElementType.Int32, 1),
        16 => (VolumeElementType.Float32, 1),
        64 => (VolumeElementType.Float64, 1),
        256 => (VolumeElementType.Int8, 1),
        512 => (VolumeElementType.UInt16, 1),
        768 => (VolumeElementType.UInt32, 1),
        1024 => (VolumeElementType.Int64, 1),
        1280 => (VolumeElementType.UInt64, 1),
        128 => (VolumeElementType.UInt8, 3),
        2304 => (VolumeElementType.UInt8, 4),
        _ => Unsupported(path, code),
    };

    private static (VolumeElementType, int) Unsupported(string path, short code)
    {
        NiftiThrowHelper.ThrowUnsupportedDatatype(path, code);
        return default;
    }

    /// <summary>Builds the LPS geometry from the sform, qform or scaled identity (see the type remarks).</summary>
    internal static VolumeGeometry BuildGeometry(string path, NiftiHeader h, long[] dims, out string transform, out int code)
    {
        var size = new VolumeSize((int)dims[0], dims.Length > 1 ? (int)dims[1] : 1, dims.Length > 2 ? (int)dims[2] : 1);
        Vector3d[] columns;
        Vector3d originRas;
        if (h.SformCode > 0)
        {
            transform = "sform";
            code = h.SformCode;
            foreach (double[] row in h.Srow)
            {
                if (row.Any(v => !double.IsFinite(v)))
                {
                    NiftiThrowHelper.ThrowBadGeometry(path, "sform", "srow_x/y/z hold NaN or infinity");
                }
            }

            columns = [.. Enumerable.Range(0, 3).Select(c => new Vector3d(h.Srow[0][c], h.Srow[1][c], h.Srow[2][c]))];
            originRas = new Vector3d(h.Srow[0][3], h.Srow[1][3], h.Srow[2][3]);
        }
        else if (h.QformCode > 0)
        {
            transform = "qform";
            code = h.QformCode;
            double b = h.QuaternB, c = h.QuaternC, d = h.QuaternD;
            if (!double.IsFinite(b) || !double.IsFinite(c) || !double.IsFinite(d) || h.QOffset.Any(v => !double.IsFinite(v)))
            {
                NiftiThrowHelper.ThrowBadGeometry(path, "qform", "quatern_b/c/d or qoffset hold NaN or infinity");
            }

            double w2 = 1.0 - ((b * b) + (c * c) + (d * d));
            if (w2 < -3 * 1.1920929e-07)
            {
                NiftiThrowHelper.ThrowBadGeometry(path, "qform", "the quaternion (quatern_b, c, d) has a norm above 1");
            }

            double a = w2 < 0 ? 0 : Math.Sqrt(w2);
            var rotation = new Matrix3d(
                (a * a) + (b * b) - (c * c) - (d * d), 2 * ((b * c) - (a * d)), 2 * ((b * d) + (a * c)),
                2 * ((b * c) + (a * d)), (a * a) + (c * c) - (b * b) - (d * d), 2 * ((c * d) - (a * b)),
                2 * ((b * d) - (a * c)), 2 * ((c * d) + (a * b)), (a * a) + (d * d) - (b * b) - (c * c));
            double qfac = h.Pixdim[0] == -1 ? -1 : 1;
            var zooms = new double[3];
            for (int n = 0; n < 3; n++)
            {
                double z = n < dims.Length || h.Pixdim[n + 1] > 0 ? h.Pixdim[n + 1] : 1;
                if (!double.IsFinite(z) || z < 0)
                {
                    NiftiThrowHelper.ThrowBadGeometry(path, "qform", $"pixdim[{n + 1}] is {z.ToString(CultureInfo.InvariantCulture)}");
                }

                zooms[n] = z;
            }

            zooms[2] *= qfac;
            columns = [.. Enumerable.Range(0, 3).Select(n => rotation.Column(n) * zooms[n])];
            originRas = new Vector3d(h.QOffset[0], h.QOffset[1], h.QOffset[2]);
        }
        else
        {
            transform = "none";
            code = 0;
            columns = new Vector3d[3];
            for (int n = 0; n < 3; n++)
            {
                double z = h.Pixdim[n + 1];
                if (!double.IsFinite(z))
                {
                    NiftiThrowHelper.ThrowBadGeometry(path, "pixdim", $"pixdim[{n + 1}] is not finite");
                }

                var axis = new double[3];
                axis[n] = z == 0 ? 1 : Math.Abs(z);
                columns[n] = Vector3d.FromSpan(axis);
            }

            originRas = Vector3d.Zero;
        }

        // RAS → LPS: negate the first two rows.
        Vector3d ToLps(Vector3d v) => new(-v.X, -v.Y, v.Z);
        Vector3d[] lps = [.. columns.Select(ToLps)];
        var spacing = new double[3];
        var unit = new Vector3d[3];
        for (int n = 0; n < 3; n++)
        {
            spacing[n] = lps[n].Length;
        }

        for (int n = 0; n < 3; n++)
        {
            if (spacing[n] == 0)
            {
                // A 2D image may leave its third column empty: complete it with the cross product, 1 mm.
                if (n == 2 && size.K == 1 && spacing[0] > 0 && spacing[1] > 0)
                {
                    Vector3d cross = Vector3d.Cross(lps[0], lps[1]);
                    unit[2] = cross * (1.0 / cross.Length);
                    spacing[2] = 1;
                    continue;
                }

                NiftiThrowHelper.ThrowBadGeometry(path, transform, $"the column for axis {n} has zero length");
            }

            unit[n] = lps[n] * (1.0 / spacing[n]);
        }

        Matrix3d direction = Matrix3d.FromColumns(unit[0], unit[1], unit[2]);
        if (!VolumeGeometry.IsOrthonormal(direction, VolumeGeometry.OrthonormalTolerance))
        {
            NiftiThrowHelper.ThrowSheared(path, transform);
        }

        try
        {
            return new VolumeGeometry(size, Vector3d.FromSpan(spacing), ToLps(originRas), direction);
        }
        catch (ArgumentOutOfRangeException e)
        {
            NiftiThrowHelper.ThrowBadGeometry(path, transform, e.Message, e);
            throw;
        }
    }
}
