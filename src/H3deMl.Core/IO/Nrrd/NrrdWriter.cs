using System.IO.Compression;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using static H3deMl.Core.IO.VolumeWriting;

namespace H3deMl.Core.IO.Nrrd;

/// <summary>Writes NRRD volumes: voxels in the volume's original element type when it holds them exactly (else float32),
/// LPS space, attached (<c>.nrrd</c>) or detached (<c>.nhdr</c> + data file).</summary>
/// <remarks>
/// <para><b>Element type.</b> By default the voxels are stored as <see cref="Volume.OriginalElementType"/> when every value
/// fits it exactly (integers in range for an integer type; always for float32 and float64), else as float32, so no
/// value is ever rounded or clamped; <see cref="NrrdWriteOptions.ElementType"/> asks for a type explicitly. The
/// <c>type:</c> field uses teem's canonical names (<c>unsigned char</c>, <c>signed char</c>, <c>unsigned short</c>,
/// <c>short</c>, <c>unsigned int</c>, <c>int</c>, <c>unsigned long long int</c>, <c>long long int</c>, <c>float</c>,
/// <c>double</c>), little-endian.</para>
/// <para>Layout written (NRRD0004): <c>type</c>, <c>dimension: 3</c> (4 when the volume has components, with the
/// component axis first, direction <c>none</c> and kind from <see cref="VolumeMetadataKeys.ComponentKind"/> or
/// <c>list</c>), <c>space: left-posterior-superior</c>, <c>sizes</c>, <c>space directions</c> (column c of the
/// direction times spacing c, full precision), <c>kinds</c>, <c>endian: little</c>, <c>encoding</c>, <c>space origin</c>,
/// then <c>data file</c> for a detached header (<c>name.raw</c> or <c>name.raw.gz</c>), then the <c>nrrd:</c> metadata as
/// <c>key:=value</c> pairs. Doubles are written round-trip exact.</para>
/// </remarks>
public static class NrrdWriter
{
    /// <summary>Writes a volume.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">A <c>.nrrd</c> (attached) or <c>.nhdr</c> (detached) path.</param>
    /// <param name="options">Encoding and element type options; null for gzip and the original element type.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A voxel value does not fit the requested <see cref="NrrdWriteOptions.ElementType"/>
    /// exactly.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static void Write(Volume volume, string path, NrrdWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new NrrdWriteOptions();
        VolumeElementType type = WriteElementType.Choose(volume, options.ElementType, nameof(options));
        bool detached = path.EndsWith(".nhdr", StringComparison.OrdinalIgnoreCase);
        bool gzip = options.Encoding == NrrdEncoding.Gzip;
        string? dataName = detached ? Path.GetFileNameWithoutExtension(path) + (gzip ? ".raw.gz" : ".raw") : null;
        string header = BuildHeader(volume, type, gzip, dataName);
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);

        void WriteData(Stream s)
        {
            if (gzip)
            {
                using var z = new GZipStream(s, options.CompressionLevel, leaveOpen: true);
                VoxelEncoding.Write(z, volume.Voxels, type, cancellationToken);
            }
            else
            {
                VoxelEncoding.Write(s, volume.Voxels, type, cancellationToken);
            }
        }

        if (detached)
        {
            string dataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", dataName!);
            WriteAtomically(dataPath, WriteData, cancellationToken);
            WriteAtomically(path, s => s.Write(headerBytes), cancellationToken);
        }
        else
        {
            WriteAtomically(
                path,
                s =>
                {
                    s.Write(headerBytes);
                    WriteData(s);
                },
                cancellationToken);
        }
    }

    /// <summary>Writes a volume asynchronously (on a worker thread).</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="path">A <c>.nrrd</c> or <c>.nhdr</c> path.</param>
    /// <param name="options">Encoding and element type options; null for gzip and the original element type.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">A voxel value does not fit the requested element type exactly.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The write was cancelled.</exception>
    public static Task WriteAsync(Volume volume, string path, NrrdWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Write(volume, path, options, cancellationToken), cancellationToken);

    private static string BuildHeader(Volume volume, VolumeElementType type, bool gzip, string? dataName)
    {
        VolumeGeometry g = volume.Geometry;
        bool hasComponents = volume.Components > 1;
        var sb = new StringBuilder();
        sb.Append("NRRD0004\n");
        sb.Append("# Written by H3deMl\n");
        sb.Append("type: ").Append(TypeName(type)).Append('\n');
        sb.Append("dimension: ").Append(hasComponents ? 4 : 3).Append('\n');
        sb.Append("space: left-posterior-superior\n");
        sb.Append("sizes: ");
        if (hasComponents)
        {
            sb.Append(volume.Components).Append(' ');
        }

        sb.Append(g.Size.I).Append(' ').Append(g.Size.J).Append(' ').Append(g.Size.K).Append('\n');
        sb.Append("space directions: ");
        if (hasComponents)
        {
            sb.Append("none ");
        }

        for (int c = 0; c < 3; c++)
        {
            sb.Append(Vec(g.Direction.Column(c) * g.SpacingMm[c])).Append(c < 2 ? " " : "\n");
        }

        sb.Append("kinds: ");
        if (hasComponents)
        {
            string kind = volume.Metadata.TryGetValue(VolumeMetadataKeys.ComponentKind, out string? k) && !k.Contains(',', StringComparison.Ordinal) && k != "none" ? k : "list";
            sb.Append(kind).Append(' ');
        }

        sb.Append("domain domain domain\n");
        sb.Append("endian: little\n");
        sb.Append("encoding: ").Append(gzip ? "gzip" : "raw").Append('\n');
        sb.Append("space origin: ").Append(Vec(g.OriginLps)).Append('\n');
        if (volume.Metadata.TryGetValue(VolumeMetadataKeys.Description, out string? content))
        {
            sb.Append("content: ").Append(OneLine(content)).Append('\n');
        }

        if (dataName is not null)
        {
            sb.Append("data file: ").Append(dataName).Append('\n');
        }

        foreach (KeyValuePair<string, string> kv in volume.Metadata.Where(kv => kv.Key.StartsWith(VolumeMetadataKeys.NrrdPrefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(Escape(kv.Key[VolumeMetadataKeys.NrrdPrefix.Length..])).Append(":=").Append(Escape(kv.Value)).Append('\n');
        }

        if (dataName is null)
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>teem's canonical name of an element type.</summary>
    private static string TypeName(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => "unsigned char",
        VolumeElementType.Int8 => "signed char",
        VolumeElementType.UInt16 => "unsigned short",
        VolumeElementType.Int16 => "short",
        VolumeElementType.UInt32 => "unsigned int",
        VolumeElementType.Int32 => "int",
        VolumeElementType.UInt64 => "unsigned long long int",
        VolumeElementType.Int64 => "long long int",
        VolumeElementType.Float32 => "float",
        VolumeElementType.Float64 => "double",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}
