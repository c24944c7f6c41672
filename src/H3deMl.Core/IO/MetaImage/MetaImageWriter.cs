using System.IO.Compression;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using static H3deMl.Core.IO.VolumeWriting;

namespace H3deMl.Core.IO.MetaImage;

/// <summary>Writes MetaImage volumes: <c>.mha</c> (one file, <c>ElementDataFile = LOCAL</c>) or <c>.mhd</c> with a
/// <c>.raw</c>/<c>.zraw</c> data file; voxels in the volume's original element type when it holds them exactly (else
/// float32), little-endian.</summary>
/// <remarks>
/// <para><b>Element type.</b> By default the voxels are stored as <see cref="Volume.OriginalElementType"/> when every value
/// fits it exactly (integers in range for an integer type; always for float32 and float64), else as float32, so no
/// value is ever rounded or clamped; <see cref="MetaImageWriteOptions.ElementType"/> asks for a type explicitly.
/// <c>ElementType</c> is MET_UCHAR, MET_CHAR, MET_USHORT, MET_SHORT, MET_UINT, MET_INT, MET_ULONG_LONG, MET_LONG_LONG,
/// MET_FLOAT or MET_DOUBLE.</para>
/// <para>Header written: ObjectType, NDims 3, BinaryData True, BinaryDataByteOrderMSB False, CompressedData (and
/// CompressedDataSize), TransformMatrix (axis by axis: the direction of i first), Offset, CenterOfRotation 0 0 0,
/// ElementSpacing, DimSize, ElementNumberOfChannels (when &gt; 1), ElementType, then the <c>mha:</c> metadata,
/// and ElementDataFile last. Doubles are written round-trip exact.</para>
/// </remarks>
public static class MetaImageWriter
{
    /// <summary>Writes a volume.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">A <c>.mha</c> or <c>.mhd</c> path.</param>
    /// <param name="options">Options; null for compressed, in the original element type.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A voxel value does not fit the requested
    /// <see cref="MetaImageWriteOptions.ElementType"/> exactly.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static void Write(Volume volume, string path, MetaImageWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new MetaImageWriteOptions();
        VolumeElementType type = WriteElementType.Choose(volume, options.ElementType, nameof(options));
        bool detached = path.EndsWith(".mhd", StringComparison.OrdinalIgnoreCase);
        byte[] payload;
        using (var ms = new MemoryStream())
        {
            if (options.Compress)
            {
                using var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true);
                VoxelEncoding.Write(z, volume.Voxels, type, cancellationToken);
            }
            else
            {
                VoxelEncoding.Write(ms, volume.Voxels, type, cancellationToken);
            }

            payload = ms.ToArray();
        }

        string? dataName = detached ? Path.GetFileNameWithoutExtension(path) + (options.Compress ? ".zraw" : ".raw") : null;
        byte[] header = Encoding.UTF8.GetBytes(BuildHeader(volume, type, options.Compress, payload.LongLength, dataName ?? "LOCAL"));
        if (detached)
        {
            WriteAtomically(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", dataName!), s => s.Write(payload), cancellationToken);
            WriteAtomically(path, s => s.Write(header), cancellationToken);
        }
        else
        {
            WriteAtomically(
                path,
                s =>
                {
                    s.Write(header);
                    s.Write(payload);
                },
                cancellationToken);
        }
    }

    /// <summary>Writes a volume asynchronously (on a worker thread).</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">A <c>.mha</c> or <c>.mhd</c> path.</param>
    /// <param name="options">Options; null for compressed, in the original element type.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A voxel value does not fit the requested element type exactly.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static Task WriteAsync(Volume volume, string path, MetaImageWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Write(volume, path, options, cancellationToken), cancellationToken);

    private static string BuildHeader(Volume volume, VolumeElementType type, bool compressed, long payloadBytes, string dataFile)
    {
        VolumeGeometry g = volume.Geometry;
        var sb = new StringBuilder();
        sb.Append("ObjectType = Image\n");
        sb.Append("NDims = 3\n");
        sb.Append("BinaryData = True\n");
        sb.Append("BinaryDataByteOrderMSB = False\n");
        sb.Append("CompressedData = ").Append(compressed ? "True" : "False").Append('\n');
        if (compressed)
        {
            sb.Append("CompressedDataSize = ").Append(payloadBytes).Append('\n');
        }

        sb.Append("TransformMatrix =");
        for (int c = 0; c < 3; c++)
        {
            Vector3d col = g.Direction.Column(c);
            sb.Append(' ').Append(R(col.X)).Append(' ').Append(R(col.Y)).Append(' ').Append(R(col.Z));
        }

        sb.Append('\n');
        sb.Append("Offset = ").Append(R(g.OriginLps.X)).Append(' ').Append(R(g.OriginLps.Y)).Append(' ').Append(R(g.OriginLps.Z)).Append('\n');
        sb.Append("CenterOfRotation = 0 0 0\n");
        sb.Append("ElementSpacing = ").Append(R(g.SpacingMm.X)).Append(' ').Append(R(g.SpacingMm.Y)).Append(' ').Append(R(g.SpacingMm.Z)).Append('\n');
        sb.Append("DimSize = ").Append(g.Size.I).Append(' ').Append(g.Size.J).Append(' ').Append(g.Size.K).Append('\n');
        if (volume.Components > 1)
        {
            sb.Append("ElementNumberOfChannels = ").Append(volume.Components).Append('\n');
        }

        sb.Append("ElementType = ").Append(TypeName(type)).Append('\n');
        foreach (KeyValuePair<string, string> kv in volume.Metadata.Where(kv => kv.Key.StartsWith(VolumeMetadataKeys.MetaImagePrefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            string key = kv.Key[VolumeMetadataKeys.MetaImagePrefix.Length..];
            if (key.Length > 0 && !key.Contains('=', StringComparison.Ordinal) && !kv.Value.Contains('\n', StringComparison.Ordinal))
            {
                sb.Append(key).Append(" = ").Append(kv.Value).Append('\n');
            }
        }

        sb.Append("ElementDataFile = ").Append(dataFile).Append('\n');
        return sb.ToString();
    }

    /// <summary>The MetaImage name of an element type.</summary>
    private static string TypeName(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => "MET_UCHAR",
        VolumeElementType.Int8 => "MET_CHAR",
        VolumeElementType.UInt16 => "MET_USHORT",
        VolumeElementType.Int16 => "MET_SHORT",
        VolumeElementType.UInt32 => "MET_UINT",
        VolumeElementType.Int32 => "MET_INT",
        VolumeElementType.UInt64 => "MET_ULONG_LONG",
        VolumeElementType.Int64 => "MET_LONG_LONG",
        VolumeElementType.Float32 => "MET_FLOAT",
        VolumeElementType.Float64 => "MET_DOUBLE",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };
}
