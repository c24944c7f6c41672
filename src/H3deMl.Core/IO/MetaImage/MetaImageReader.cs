using System.Globalization;
using System.IO.Compression;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.MetaImage;

/// <summary>Reads MetaImage volumes: <c>.mha</c> (data in the same file, <c>ElementDataFile = LOCAL</c>) and <c>.mhd</c>
/// with a separate <c>.raw</c> or <c>.zraw</c> data file; raw or zlib-compressed data.</summary>
/// <remarks>
/// <para>MetaImage coordinates are LPS (ITK's). <c>Offset</c> (or <c>Position</c>/<c>Origin</c>) is the origin;
/// <c>ElementSpacing</c> the spacing; <c>TransformMatrix</c> (or <c>Rotation</c>/<c>Orientation</c>) the direction, stored
/// axis by axis: its first three values are the LPS direction of axis i (column 0 of the ITK direction matrix).</para>
/// <para><c>ElementNumberOfChannels</c> &gt; 1 becomes <see cref="Volume.Components"/> (already component-fastest).
/// <c>HeaderSize = -1</c> takes the data from the end of the data file. Tags we do not interpret go to the metadata as
/// <c>mha:Tag</c>.</para>
/// </remarks>
public static class MetaImageReader
{
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>Reads a MetaImage file.</summary>
    /// <param name="path">A <c>.mha</c> or <c>.mhd</c> file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed or truncated.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The file uses something we do not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Volume Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        (Dictionary<string, string> tags, List<string> order, long dataStart) = ReadHeader(path, file);
        string T(string key) => tags.TryGetValue(key, out string? v) ? v : "";
        if (tags.TryGetValue("ObjectType", out string? objectType) && !objectType.Equals("Image", StringComparison.OrdinalIgnoreCase))
        {
            MetaImageThrowHelper.ThrowUnsupported(path, "ObjectType", objectType, "only images are read.");
        }

        int ndims = ParseInt(path, tags, "NDims", required: true, 1, 3);
        long[] dimSize = ParseLongs(path, tags, "DimSize", ndims, required: true, min: 1)!;
        int channels = tags.ContainsKey("ElementNumberOfChannels") ? ParseInt(path, tags, "ElementNumberOfChannels", required: false, 1, 4096) : 1;
        string typeText = tags.TryGetValue("ElementType", out string? et) ? et : MissingField(path, "ElementType");
        VolumeElementType type = typeText.ToUpperInvariant() switch
        {
            "MET_UCHAR" => VolumeElementType.UInt8,
            "MET_CHAR" => VolumeElementType.Int8,
            "MET_USHORT" => VolumeElementType.UInt16,
            "MET_SHORT" => VolumeElementType.Int16,
            "MET_UINT" or "MET_ULONG" => VolumeElementType.UInt32,
            "MET_INT" or "MET_LONG" => VolumeElementType.Int32,
            "MET_ULONG_LONG" => VolumeElementType.UInt64,
            "MET_LONG_LONG" => VolumeElementType.Int64,
            "MET_FLOAT" => VolumeElementType.Float32,
            "MET_DOUBLE" => VolumeElementType.Float64,
            _ => UnsupportedType(path, typeText),
        };

        bool bigEndian = IsTrue(T("BinaryDataByteOrderMSB")) || IsTrue(T("ElementByteOrderMSB"));
        if (tags.TryGetValue("BinaryData", out string? binary) && !IsTrue(binary))
        {
            MetaImageThrowHelper.ThrowUnsupported(path, "BinaryData", binary, "ASCII MetaImage data is not read; save the image with binary data.");
        }

        bool compressed = IsTrue(T("CompressedData"));
        double[] spacing = ParseDoubles(path, tags, ndims, "ElementSpacing", "ElementSize") ?? [.. Enumerable.Repeat(1.0, ndims)];
        double[] origin = ParseDoubles(path, tags, ndims, "Offset", "Position", "Origin") ?? new double[ndims];
        double[]? matrix = ParseDoubles(path, tags, ndims * ndims, "TransformMatrix", "Rotation", "Orientation");

        var size = new int[] { 1, 1, 1 };
        var sp = new double[] { 1, 1, 1 };
        var o = new double[3];
        var cols = new Vector3d[] { new(1, 0, 0), new(0, 1, 0), new(0, 0, 1) };
        for (int a = 0; a < ndims; a++)
        {
            if (dimSize[a] > int.MaxValue)
            {
                MetaImageThrowHelper.ThrowTooLarge(path, dimSize);
            }

            size[a] = (int)dimSize[a];
            sp[a] = spacing[a];
            o[a] = origin[a];
            if (matrix is not null)
            {
                var col = new double[3];
                for (int r = 0; r < ndims; r++)
                {
                    col[r] = matrix[(a * ndims) + r];
                }

                cols[a] = Vector3d.FromSpan(col);
            }
        }

        if (ndims == 2 && matrix is not null)
        {
            cols[2] = Vector3d.Cross(cols[0], cols[1]);
        }

        VolumeGeometry geometry;
        try
        {
            geometry = new VolumeGeometry(new VolumeSize(size[0], size[1], size[2]), Vector3d.FromSpan(sp), Vector3d.FromSpan(o), Matrix3d.FromColumns(cols[0], cols[1], cols[2]));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidVolumeContentException(path, $"{MetaImageThrowHelper.Name(path)}: the header's geometry is invalid ({e.Message}).", field: e.ParamName, innerException: e);
        }

        long count = VoxelDecoding.CheckedProduct(dimSize.Append(channels));
        if (count < 0)
        {
            MetaImageThrowHelper.ThrowTooLarge(path, dimSize);
        }

        long needed = count * type.SizeInBytes();
        string dataFile = tags.TryGetValue("ElementDataFile", out string? df) ? df : MissingField(path, "ElementDataFile");
        long headerSize = tags.ContainsKey("HeaderSize") ? ParseLongs(path, tags, "HeaderSize", 1, required: false, min: -1)![0] : 0;
        FileStream? own = null;
        Stream raw = file;
        string dataPath = path;
        long start;
        if (dataFile.Equals("LOCAL", StringComparison.OrdinalIgnoreCase))
        {
            start = dataStart;
        }
        else
        {
            if (dataFile.StartsWith("LIST", StringComparison.OrdinalIgnoreCase) || dataFile.Contains('%', StringComparison.Ordinal) || dataFile.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1)
            {
                MetaImageThrowHelper.ThrowUnsupported(path, "ElementDataFile", dataFile, "only LOCAL or a single data file is read.");
            }

            dataPath = Path.IsPathRooted(dataFile) ? dataFile : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", dataFile);
            if (!File.Exists(dataPath))
            {
                MetaImageThrowHelper.ThrowDataFileMissing(path, dataFile);
            }

            own = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            raw = own;
            start = 0;
        }

        try
        {
            float[] data;
            string typeName = type.ToShortName();
            if (compressed)
            {
                if (headerSize > 0)
                {
                    start += headerSize;
                }

                long compressedBytes = raw.Length - start;
                if (!CompressionLimits.CanHold(compressedBytes, needed))
                {
                    MetaImageThrowHelper.ThrowImplausibleCompression(dataPath, dimSize, needed, compressedBytes);
                }

                raw.Position = start;
                data = [];
                using var z = new ZLibStream(raw, CompressionMode.Decompress, leaveOpen: true);
                long read = 0;
                try
                {
                    data = CompressedVoxels.Read(z, count, type, bigEndian, cancellationToken, out read);
                }
                catch (InvalidDataException e)
                {
                    MetaImageThrowHelper.ThrowCorrupt(dataPath, e);
                }

                if (read < needed)
                {
                    MetaImageThrowHelper.ThrowTruncated(dataPath, dimSize, typeName, needed, read, start);
                }
            }
            else
            {
                start = headerSize == -1 ? raw.Length - needed : start + headerSize;
                long available = raw.Length - Math.Max(start, 0);
                if (start < 0 || available < needed)
                {
                    MetaImageThrowHelper.ThrowTruncated(dataPath, dimSize, typeName, needed, headerSize == -1 ? raw.Length : available, Math.Max(start, 0));
                }

                raw.Position = start;
                data = GC.AllocateUninitializedArray<float>((int)count);
                VoxelDecoding.ReadInto(raw, data, type, bigEndian, cancellationToken);
            }

            var metadata = new Dictionary<string, string>
            {
                [VolumeMetadataKeys.Format] = "MetaImage",
                [VolumeMetadataKeys.SourcePath] = path,
            };
            string[] known = ["ObjectType", "NDims", "DimSize", "ElementType", "ElementNumberOfChannels", "BinaryData", "BinaryDataByteOrderMSB", "ElementByteOrderMSB", "CompressedData", "CompressedDataSize", "ElementSpacing", "ElementSize", "Offset", "Position", "Origin", "TransformMatrix", "Rotation", "Orientation", "ElementDataFile", "HeaderSize", "CenterOfRotation", "AnatomicalOrientation"];
            foreach (string key in order.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)))
            {
                metadata[VolumeMetadataKeys.MetaImagePrefix + key] = tags[key];
            }

            if (channels > 1)
            {
                metadata[VolumeMetadataKeys.ComponentKind] = "vector";
            }

            return new Volume(data, geometry, type, metadata, channels);
        }
        finally
        {
            own?.Dispose();
        }
    }

    /// <summary>Reads a MetaImage file asynchronously (on a worker thread).</summary>
    /// <param name="path">A <c>.mha</c> or <c>.mhd</c> file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The volume.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidVolumeContentException">The file is malformed or truncated.</exception>
    /// <exception cref="UnsupportedVolumeContentException">The file uses something we do not read.</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled.</exception>
    public static Task<Volume> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(path, cancellationToken), cancellationToken);

    private static (Dictionary<string, string> Tags, List<string> Order, long DataStart) ReadHeader(string path, Stream s)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        var line = new StringBuilder();
        long pos = 0;
        int b;
        while (true)
        {
            line.Clear();
            while ((b = s.ReadByte()) >= 0 && b != '\n')
            {
                pos++;
                if (pos > MaxHeaderBytes)
                {
                    MetaImageThrowHelper.ThrowNotMetaImage(path, "(no header end within 1 MB)");
                }

                line.Append((char)b);
            }

            if (b >= 0)
            {
                pos++;
            }

            string text = line.ToString().TrimEnd('\r');
            if (text.Trim().Length == 0)
            {
                if (b < 0)
                {
                    MetaImageThrowHelper.ThrowMissingField(path, "ElementDataFile");
                }

                continue;
            }

            int eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || text[..eq].Trim().Any(c => c < ' ' || c > '~'))
            {
                MetaImageThrowHelper.ThrowNotMetaImage(path, new string([.. text.Take(24).Select(c => c is >= ' ' and <= '~' ? c : '.')]));
            }

            string key = text[..eq].Trim();
            string value = text[(eq + 1)..].Trim();
            if (!tags.ContainsKey(key))
            {
                order.Add(key);
            }

            tags[key] = value;
            if (key.Equals("ElementDataFile", StringComparison.OrdinalIgnoreCase))
            {
                return (tags, order, pos);
            }

            if (b < 0)
            {
                MetaImageThrowHelper.ThrowMissingField(path, "ElementDataFile");
            }
        }
    }

    private static bool IsTrue(string v) => v.Equals("True", StringComparison.OrdinalIgnoreCase) || v == "1";

    private static string MissingField(string path, string field)
    {
        MetaImageThrowHelper.ThrowMissingField(path, field);
        return "";
    }

    private static VolumeElementType UnsupportedType(string path, string type)
    {
        MetaImageThrowHelper.ThrowUnsupported(path, "ElementType", type, "use an integer or float type (MET_UCHAR … MET_DOUBLE).");
        return default;
    }

    private static int ParseInt(string path, Dictionary<string, string> tags, string key, bool required, int min, int max)
    {
        if (!tags.TryGetValue(key, out string? text))
        {
            MetaImageThrowHelper.ThrowMissingField(path, key);
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            if (key == "NDims" && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int nd) && nd > 3)
            {
                MetaImageThrowHelper.ThrowUnsupported(path, key, text, "only 1 to 3 dimensions are read (use ElementNumberOfChannels for vector data).");
            }

            MetaImageThrowHelper.ThrowBadField(path, key, text, $"an integer from {min} to {max}");
        }

        _ = required;
        return v;
    }

    private static long[]? ParseLongs(string path, Dictionary<string, string> tags, string key, int count, bool required, long min)
    {
        if (!tags.TryGetValue(key, out string? text))
        {
            if (required)
            {
                MetaImageThrowHelper.ThrowMissingField(path, key);
            }

            return null;
        }

        string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != count)
        {
            MetaImageThrowHelper.ThrowBadField(path, key, text, $"{count} integers");
        }

        var v = new long[count];
        for (int n = 0; n < count; n++)
        {
            if (!long.TryParse(parts[n], NumberStyles.Integer, CultureInfo.InvariantCulture, out v[n]) || v[n] < min)
            {
                MetaImageThrowHelper.ThrowBadField(path, key, text, $"integers of at least {min}");
            }
        }

        return v;
    }

    private static double[]? ParseDoubles(string path, Dictionary<string, string> tags, int count, params string[] keys)
    {
        foreach (string key in keys)
        {
            if (!tags.TryGetValue(key, out string? text))
            {
                continue;
            }

            string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != count)
            {
                MetaImageThrowHelper.ThrowBadField(path, key, text, $"{count} numbers");
            }

            var v = new double[count];
            for (int n = 0; n < count; n++)
            {
                if (!double.TryParse(parts[n], NumberStyles.Float, CultureInfo.InvariantCulture, out v[n]) || !double.IsFinite(v[n]))
                {
                    MetaImageThrowHelper.ThrowBadField(path, key, text, $"{count} finite numbers");
                }
            }

            return v;
        }

        return null;
    }
}
