using System.Globalization;
using System.IO.Compression;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO.Compression;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Nrrd;

/// <summary>Reads NRRD volumes: attached (<c>.nrrd</c>) and detached (<c>.nhdr</c>) headers; raw, gzip, bzip2 and ASCII encodings.</summary>
/// <remarks>
/// <para>Geometry: <c>space directions</c> give spacing (the vector length) and direction (the unit vector) per axis;
/// <c>space origin</c> the origin. RAS and LAS spaces are converted to LPS; <c>scanner-xyz</c> and <c>3D-right-handed</c>
/// are taken as LPS. Without a space, <c>spacings</c> give an axis-aligned grid. 1D and 2D images get size 1 on the
/// missing axes (spacing 1 mm; for a 2D image in 3D space the missing direction is the cross product of the two given).</para>
/// <para>Axes whose direction is <c>none</c>, or (without a space) whose kind is not a spatial kind (domain, space),
/// become <see cref="Volume.Components"/>, component fastest (see <see cref="Volume"/>).</para>
/// <para><c>line skip</c> applies to the data file before decompression and <c>byte skip</c> after it, as in teem;
/// <c>byte skip: -1</c> takes the last bytes of the (decompressed) data. Compressed data longer than the header
/// declares is an error (it usually means the data has its own header and needs <c>byte skip: -1</c>).</para>
/// <para>Key/value pairs (<c>key:=value</c>) go to <see cref="Volume.Metadata"/> as <c>nrrd:key</c>.</para>
/// </remarks>
public static class NrrdReader
{
    private static readonly HashSet<string> SpatialKinds = new(StringComparer.OrdinalIgnoreCase) { "domain", "space", "???", "none" };

    /// <summary>Reads a NRRD file.</summary>
    /// <param name="path">A <c>.nrrd</c> or <c>.nhdr</c> file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume, in LPS.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed or truncated.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The file uses an encoding, element type or space we do not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        NrrdHeader header = NrrdHeader.Parse(path, file);
        return ReadData(header, file, cancellationToken);
    }

    /// <summary>Reads a NRRD file asynchronously (the file is read on a worker thread).</summary>
    /// <param name="path">A <c>.nrrd</c> or <c>.nhdr</c> file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed or truncated.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The file uses something we do not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Task<Volume> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(path, cancellationToken), cancellationToken);

    private static Volume ReadData(NrrdHeader h, FileStream headerFile, CancellationToken cancellationToken)
    {
        string path = h.Path;
        (VolumeGeometry geometry, bool[] isSpatial, int components, string? componentKind) = BuildGeometry(h);
        long count = VoxelDecoding.CheckedProduct(h.Sizes);
        if (count < 0)
        {
            NrrdThrowHelper.ThrowTooLarge(path, h.Sizes);
        }

        int es = h.ElementType.SizeInBytes();
        long needed = count * es;
        var data = new float[0];

        long lineSkip = ParseSkip(h, "line skip", "lineskip", allowMinusOne: false);
        long byteSkip = ParseSkip(h, "byte skip", "byteskip", allowMinusOne: true);

        string? dataFile = h.Field("data file", "datafile");
        FileStream? own = null;
        Stream raw;
        string dataPath = path;
        if (dataFile is null)
        {
            raw = headerFile;
            headerFile.Position = h.HeaderBytes;
        }
        else
        {
            if (dataFile.StartsWith("LIST", StringComparison.Ordinal) || dataFile.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1)
            {
                NrrdThrowHelper.ThrowUnsupported(path, "data file", dataFile, "only a single data file is read; join the files with 'unu join' or save the volume again from Slicer.");
            }

            dataPath = System.IO.Path.IsPathRooted(dataFile) ? dataFile : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", dataFile);
            if (!File.Exists(dataPath))
            {
                NrrdThrowHelper.ThrowDataFileMissing(path, dataFile);
            }

            own = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            raw = own;
        }

        try
        {
            long rawStart = raw.Position;
            SkipLines(raw, lineSkip);
            long afterLines = raw.Position;
            long fileRemaining = raw.Length - afterLines;
            string encoding = h.Encoding;
            switch (encoding)
            {
                case "raw":
                    {
                        long start = byteSkip == -1 ? raw.Length - needed : afterLines + byteSkip;
                        long available = raw.Length - Math.Max(start, afterLines);
                        if (byteSkip == -1 ? raw.Length - afterLines < needed : available < needed)
                        {
                            NrrdThrowHelper.ThrowTruncated(dataPath, h.Sizes, h.TypeName, needed, Math.Max(0, Math.Min(available, raw.Length - afterLines)), start);
                        }

                        raw.Position = start;
                        data = GC.AllocateUninitializedArray<float>((int)count);
                        VoxelDecoding.ReadInto(raw, data, h.ElementType, h.BigEndian, cancellationToken);
                        break;
                    }

                case "gzip" or "gz" or "bzip2" or "bz2":
                    {
                        bool bz = encoding is "bzip2" or "bz2";
                        if (!CompressionLimits.CanHold(fileRemaining, needed + Math.Max(0, byteSkip), bz))
                        {
                            NrrdThrowHelper.ThrowImplausibleCompression(dataPath, h.Sizes, needed, fileRemaining);
                        }

                        using Stream decompressed = bz ? new BZip2DecoderStream(raw, leaveOpen: true) : new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
                        try
                        {
                            data = ReadDecompressed(h, dataPath, decompressed, count, needed, byteSkip, cancellationToken);
                        }
                        catch (InvalidDataException e)
                        {
                            NrrdThrowHelper.ThrowCorruptCompressed(dataPath, encoding, e);
                        }

                        break;
                    }

                case "ascii" or "txt" or "text":
                    {
                        // Every value needs at least one character and one separator: reject absurd sizes before allocating.
                        if (count > (fileRemaining / 2) + 1)
                        {
                            throw new InvalidVolumeContentException(
                                dataPath,
                                $"{NrrdThrowHelper.Name(dataPath)}: the header declares {VoxelDecoding.Dims(h.Sizes)} values but the ASCII data has only {VoxelDecoding.Count(fileRemaining)} bytes, too few to hold them; the file is truncated.",
                                field: "sizes");
                        }

                        data = GC.AllocateUninitializedArray<float>((int)count);
                        using var reader = new StreamReader(raw, leaveOpen: true);
                        int got = VoxelDecoding.ParseAscii(reader, data, token => NrrdThrowHelper.BadAscii(dataPath, token));
                        if (got < count)
                        {
                            throw new InvalidVolumeContentException(
                                dataPath,
                                $"{NrrdThrowHelper.Name(dataPath)}: the header declares {VoxelDecoding.Dims(h.Sizes)} values but the ASCII data holds only {VoxelDecoding.Count(got)}; the file is truncated.");
                        }

                        break;
                    }

                default:
                    NrrdThrowHelper.ThrowUnsupported(path, "encoding", h.Encoding, "use raw, gzip, bzip2 or ascii (e.g. 'unu save -e gzip').");
                    break;
            }

            _ = rawStart;
        }
        finally
        {
            own?.Dispose();
        }

        data = VoxelDecoding.MoveNonSpatialAxesFirst(data, h.Sizes, isSpatial);
        var metadata = new Dictionary<string, string>
        {
            [VolumeMetadataKeys.Format] = "NRRD",
            [VolumeMetadataKeys.SourcePath] = path,
        };
        if (h.Field("content") is { } content)
        {
            metadata[VolumeMetadataKeys.Description] = content;
        }

        if (componentKind is not null)
        {
            metadata[VolumeMetadataKeys.ComponentKind] = componentKind;
        }

        foreach (KeyValuePair<string, string> kv in h.KeyValues)
        {
            metadata[VolumeMetadataKeys.NrrdPrefix + kv.Key] = kv.Value;
        }

        return new Volume(data, geometry, h.ElementType, metadata, components);
    }

    private static float[] ReadDecompressed(NrrdHeader h, string dataPath, Stream decompressed, long count, long needed, long byteSkip, CancellationToken cancellationToken)
    {
        if (byteSkip == -1)
        {
            // The data is the last `needed` bytes of the decompressed stream: keep a ring of that size.
            if (needed > Array.MaxLength)
            {
                NrrdThrowHelper.ThrowTooLarge(dataPath, h.Sizes);
            }

            var ring = new byte[needed];
            long total = 0;
            var chunk = new byte[1 << 16];
            int got;
            while ((got = decompressed.Read(chunk)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int off = 0; off < got;)
                {
                    int pos = (int)(total % needed);
                    int n = (int)Math.Min(got - off, needed - pos);
                    Buffer.BlockCopy(chunk, off, ring, pos, n);
                    off += n;
                    total += n;
                }
            }

            if (total < needed)
            {
                NrrdThrowHelper.ThrowTruncated(dataPath, h.Sizes, h.TypeName, needed, total, null);
            }

            int start = (int)(total % needed);
            byte[] ordered = start == 0 ? ring : [.. ring.AsSpan(start), .. ring.AsSpan(0, start)];
            var tail = GC.AllocateUninitializedArray<float>((int)count);
            VoxelDecoding.Decode(ordered, tail, h.ElementType, h.BigEndian);
            return tail;
        }

        long skipped = SkipBytes(decompressed, byteSkip);
        if (skipped < byteSkip)
        {
            NrrdThrowHelper.ThrowTruncated(dataPath, h.Sizes, h.TypeName, needed, 0, skipped);
        }

        float[] data = CompressedVoxels.Read(decompressed, count, h.ElementType, h.BigEndian, cancellationToken, out long read);
        if (read < needed)
        {
            NrrdThrowHelper.ThrowTruncated(dataPath, h.Sizes, h.TypeName, needed, read, byteSkip + read);
        }

        long extra = SkipBytes(decompressed, long.MaxValue);
        if (extra > 0)
        {
            NrrdThrowHelper.ThrowTrailingData(dataPath, needed, extra);
        }

        return data;
    }

    private static long SkipBytes(Stream s, long count)
    {
        var buffer = new byte[1 << 16];
        long done = 0;
        while (done < count)
        {
            int got = s.Read(buffer, 0, (int)Math.Min(buffer.Length, count - done));
            if (got == 0)
            {
                break;
            }

            done += got;
        }

        return done;
    }

    private static void SkipLines(Stream s, long lines)
    {
        for (long n = 0; n < lines; n++)
        {
            int b;
            while ((b = s.ReadByte()) >= 0 && b != '\n')
            {
            }
        }
    }

    private static long ParseSkip(NrrdHeader h, string field, string alias, bool allowMinusOne)
    {
        string? text = h.Field(field, alias);
        if (text is null)
        {
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) || v < (allowMinusOne ? -1 : 0))
        {
            NrrdThrowHelper.ThrowBadField(h.Path, field, text, allowMinusOne ? "a non-negative integer or -1" : "a non-negative integer");
        }

        if (v == -1 && h.Encoding is "ascii" or "txt" or "text")
        {
            NrrdThrowHelper.ThrowUnsupported(h.Path, field, text, "byte skip -1 needs a binary encoding.");
        }

        return v;
    }

    private static (VolumeGeometry Geometry, bool[] IsSpatial, int Components, string? ComponentKind) BuildGeometry(NrrdHeader h)
    {
        string path = h.Path;
        int dim = h.Sizes.Length;
        string[]? kinds = h.Field("kinds")?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (kinds is not null && kinds.Length != dim)
        {
            NrrdThrowHelper.ThrowBadField(path, "kinds", h.Field("kinds")!, $"{dim} kinds (the dimension)");
        }

        string? space = h.Field("space");
        string? spaceDimText = h.Field("space dimension");
        var isSpatial = new bool[dim];
        var directions = new Vector3d?[dim];
        Vector3d origin = Vector3d.Zero;
        double[] flip = [1, 1, 1];
        bool hasSpace = space is not null || spaceDimText is not null;
        if (hasSpace)
        {
            int spaceDim = 3;
            if (space is not null)
            {
                switch (space.Trim().ToLowerInvariant())
                {
                    case "left-posterior-superior" or "lps" or "scanner-xyz" or "3d-right-handed":
                        break;
                    case "right-anterior-superior" or "ras":
                        flip = [-1, -1, 1];
                        break;
                    case "left-anterior-superior" or "las":
                        flip = [1, -1, 1];
                        break;
                    default:
                        NrrdThrowHelper.ThrowUnsupported(path, "space", space, "only 3D patient or scanner spaces (RAS, LAS, LPS, scanner-xyz, 3D-right-handed) are read.");
                        break;
                }
            }
            else if (!int.TryParse(spaceDimText, NumberStyles.Integer, CultureInfo.InvariantCulture, out spaceDim) || spaceDim != 3)
            {
                NrrdThrowHelper.ThrowUnsupported(path, "space dimension", spaceDimText!, "only 3D spaces are read.");
            }

            string dirs = h.Field("space directions") ?? NrrdThrowHelper.ThrowMissingFieldRet(path, "space directions");
            List<string> parts = NrrdHeader.SplitVectors(dirs);
            if (parts.Count != dim)
            {
                NrrdThrowHelper.ThrowBadField(path, "space directions", dirs, $"{dim} vectors or 'none' (the dimension)");
            }

            for (int a = 0; a < dim; a++)
            {
                Vector3d? v = h.ParseVector("space directions", parts[a], 3);
                if (v is { } d)
                {
                    d = new Vector3d(d.X * flip[0], d.Y * flip[1], d.Z * flip[2]);
                    if (d.Length == 0)
                    {
                        NrrdThrowHelper.ThrowBadField(path, "space directions", dirs, "non-zero vectors");
                    }

                    directions[a] = d;
                }

                isSpatial[a] = v is not null;
            }

            if (h.Field("space origin") is { } originText)
            {
                Vector3d o = h.ParseVector("space origin", originText, 3) ?? Vector3d.Zero;
                origin = new Vector3d(o.X * flip[0], o.Y * flip[1], o.Z * flip[2]);
            }
        }
        else
        {
            for (int a = 0; a < dim; a++)
            {
                isSpatial[a] = kinds is null || SpatialKinds.Contains(kinds[a]);
            }
        }

        int[] spatialAxes = [.. Enumerable.Range(0, dim).Where(a => isSpatial[a])];
        if (spatialAxes.Length > 3)
        {
            NrrdThrowHelper.ThrowUnsupported(path, "dimension", dim.ToString(CultureInfo.InvariantCulture), $"the file has {spatialAxes.Length} spatial axes; at most 3 are read (mark extra axes with kind 'list' or direction 'none').");
        }

        var size = new int[3] { 1, 1, 1 };
        var spacing = new double[3] { 1, 1, 1 };
        var cols = new Vector3d[3] { new(1, 0, 0), new(0, 1, 0), new(0, 0, 1) };
        double[]? spacings = null;
        if (!hasSpace && h.Field("spacings") is { } spacingsText)
        {
            string[] sp = spacingsText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (sp.Length != dim)
            {
                NrrdThrowHelper.ThrowBadField(path, "spacings", spacingsText, $"{dim} spacings (the dimension)");
            }

            spacings = new double[dim];
            for (int a = 0; a < dim; a++)
            {
                if (!double.TryParse(sp[a], NumberStyles.Float, CultureInfo.InvariantCulture, out spacings[a]))
                {
                    NrrdThrowHelper.ThrowBadField(path, "spacings", spacingsText, "numbers or nan");
                }
            }
        }

        for (int s = 0; s < spatialAxes.Length; s++)
        {
            int a = spatialAxes[s];
            if (h.Sizes[a] > int.MaxValue)
            {
                NrrdThrowHelper.ThrowTooLarge(path, h.Sizes);
            }

            size[s] = (int)h.Sizes[a];
            if (directions[a] is { } d)
            {
                spacing[s] = d.Length;
                cols[s] = d * (1.0 / d.Length);
            }
            else if (spacings is not null && double.IsFinite(spacings[a]) && spacings[a] != 0)
            {
                spacing[s] = Math.Abs(spacings[a]);
                cols[s] = cols[s] * Math.Sign(spacings[a]);
            }
        }

        if (hasSpace && spatialAxes.Length == 2)
        {
            cols[2] = Vector3d.Cross(cols[0], cols[1]);
            cols[2] = cols[2] * (1.0 / cols[2].Length);
        }
        else if (hasSpace && spatialAxes.Length == 1)
        {
            NrrdThrowHelper.ThrowUnsupported(path, "space directions", h.Field("space directions")!, "a 1D image in 3D space has no defined orientation.");
        }

        Matrix3d direction = Matrix3d.FromColumns(cols[0], cols[1], cols[2]);
        if (!VolumeGeometry.IsOrthonormal(direction, VolumeGeometry.OrthonormalTolerance))
        {
            NrrdThrowHelper.ThrowUnsupported(path, "space directions", h.Field("space directions") ?? "", "the axes are not perpendicular (a sheared grid); resample the volume to an orthogonal grid first.");
        }

        long components = 1;
        var kindNames = new List<string>();
        for (int a = 0; a < dim; a++)
        {
            if (!isSpatial[a])
            {
                components *= h.Sizes[a];
                kindNames.Add(kinds?[a] ?? "none");
            }
        }

        if (components > int.MaxValue)
        {
            NrrdThrowHelper.ThrowTooLarge(path, h.Sizes);
        }

        VolumeGeometry geometry;
        try
        {
            geometry = new VolumeGeometry(new VolumeSize(size[0], size[1], size[2]), new Vector3d(spacing[0], spacing[1], spacing[2]), origin, direction);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidVolumeContentException(path, $"{NrrdThrowHelper.Name(path)}: the header's geometry is invalid ({e.Message}).", field: "space directions", innerException: e);
        }

        return (geometry, isSpatial, (int)components, kindNames.Count > 0 ? string.Join(",", kindNames) : null);
    }
}
