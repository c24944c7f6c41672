using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO.Numpy;

/// <summary>A NumPy array read from or written to a <c>.npy</c> file (format versions 1 to 3), values widened to float.</summary>
/// <remarks>Values are kept in the file's memory order: <see cref="IsFortranOrder"/> tells whether the first axis is the
/// fastest (Fortran) or the last (C). Use <see cref="GetCOrder"/> for C order.</remarks>
public sealed partial class NpyArray
{
    /// <summary>The array shape.</summary>
    public required long[] Shape { get; init; }

    /// <summary>The values widened to float, in the file's memory order (see <see cref="IsFortranOrder"/>).</summary>
    public required float[] Data { get; init; }

    /// <summary>Whether the first axis is the fastest in <see cref="Data"/> (Fortran order) instead of the last (C order).</summary>
    public required bool IsFortranOrder { get; init; }

    /// <summary>The element type stored in the file.</summary>
    public required VolumeElementType ElementType { get; init; }

    /// <summary>The values as doubles in C order (last axis fastest).</summary>
    public double[] GetCOrder()
    {
        double[] values = [.. Data.Select(v => (double)v)];
        return IsFortranOrder && Shape.Length >= 2 ? TransposeFortran(values, Shape) : values;
    }

    /// <summary>Reads a <c>.npy</c> file (bool, integer and float element types, either byte order, C or Fortran order).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The array.</returns>
    /// <exception cref="VolumeFormatException">The file is not a valid <c>.npy</c> or uses an unsupported element type (the message names the file).</exception>
    public static NpyArray Read(string path, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> pre = stackalloc byte[10];
        if (file.ReadAtLeast(pre, 10, throwOnEndOfStream: false) < 10 || pre[0] != 0x93 || !pre.Slice(1, 5).SequenceEqual("NUMPY"u8))
        {
            NpyThrowHelper.ThrowBadMagic(path);
        }

        int major = pre[6];
        int headerLength;
        long dataStart;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(pre[8..]);
            dataStart = 10 + headerLength;
        }
        else if (major is 2 or 3)
        {
            Span<byte> more = stackalloc byte[2];
            if (file.ReadAtLeast(more, 2, throwOnEndOfStream: false) < 2)
            {
                NpyThrowHelper.ThrowBadHeader(path, "the file ends inside the header length");
            }

            uint len = BinaryPrimitives.ReadUInt32LittleEndian([pre[8], pre[9], more[0], more[1]]);
            if (len > (1 << 24))
            {
                NpyThrowHelper.ThrowBadHeader(path, $"the header length {len} is absurd");
            }

            headerLength = (int)len;
            dataStart = 12 + headerLength;
        }
        else
        {
            NpyThrowHelper.ThrowBadVersion(path, major);
            return null!;
        }

        if (dataStart > file.Length)
        {
            NpyThrowHelper.ThrowBadHeader(path, $"the header claims {headerLength} bytes but the file has {file.Length}");
        }

        var headerBytes = new byte[headerLength];
        file.ReadExactly(headerBytes);
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        string descr = Match(path, header, DescrRegex(), "descr");
        string fortran = Match(path, header, FortranRegex(), "fortran_order");
        string shapeText = Match(path, header, ShapeRegex(), "shape");
        long[] shape = [.. shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => ParseDim(path, s))];
        (VolumeElementType type, bool bigEndian) = ParseDescr(path, descr);
        long count = VoxelDecoding.CheckedProduct(shape);
        if (count < 0)
        {
            NpyThrowHelper.ThrowTooLarge(path, shape);
        }

        long needed = count * type.SizeInBytes();
        if (file.Length - dataStart < needed)
        {
            NpyThrowHelper.ThrowTruncated(path, shape, descr, needed, file.Length - dataStart, dataStart);
        }

        file.Position = dataStart;
        var data = GC.AllocateUninitializedArray<float>((int)count);
        VoxelDecoding.ReadInto(file, data, type, bigEndian, cancellationToken);
        return new NpyArray { Shape = shape, Data = data, IsFortranOrder = fortran == "True", ElementType = type };
    }

    /// <summary>Reads a small array exactly as doubles (no float32 narrowing), in C order; for landmark and spacing files.</summary>
    public static (double[] Values, long[] Shape) ReadDoubles(string path)
    {
        NpyArray header = Read(path);
        if (header.ElementType != VolumeElementType.Float64)
        {
            return (header.GetCOrder(), header.Shape);
        }

        // Re-read float64 data at full precision.
        byte[] bytes = File.ReadAllBytes(path);
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int start = (major == 1 ? 10 : 12) + headerLength;
        string descr = Match(path, Encoding.Latin1.GetString(bytes, 0, start), DescrRegex(), "descr");
        bool big = descr.StartsWith('>');
        int n = header.Data.Length;
        var values = new double[n];
        for (int x = 0; x < n; x++)
        {
            ReadOnlySpan<byte> s = bytes.AsSpan(start + (8 * x), 8);
            values[x] = big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s);
        }

        if (header.IsFortranOrder && header.Shape.Length >= 2)
        {
            values = TransposeFortran(values, header.Shape);
        }

        return (values, header.Shape);
    }

    /// <summary>Writes a float64 array in C order (version 1 header).</summary>
    public static void WriteDoubles(string path, ReadOnlySpan<double> values, long[] shape)
    {
        byte[] header = BuildHeader("<f8", fortran: false, shape);
        var data = new byte[values.Length * 8];
        for (int x = 0; x < values.Length; x++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * x), values[x]);
        }

        File.WriteAllBytes(path, [.. header, .. data]);
    }

    /// <summary>Writes float32 values with the given order flag (version 1 header, or 2 when the header is too long).</summary>
    public static void WriteFloats(Stream stream, ReadOnlySpan<float> values, long[] shape, bool fortran, CancellationToken cancellationToken) =>
        Write(stream, values, VolumeElementType.Float32, shape, fortran, cancellationToken);

    /// <summary>Writes float32 values stored as <paramref name="type"/> (little-endian), which must hold them exactly.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> values, VolumeElementType type, long[] shape, bool fortran, CancellationToken cancellationToken)
    {
        stream.Write(BuildHeader(Descr(type), fortran, shape));
        VoxelEncoding.Write(stream, values, type, cancellationToken);
    }

    /// <summary>The numpy <c>descr</c> of an element type ("|u1", "&lt;i2", "&lt;f4", …).</summary>
    internal static string Descr(VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => "|u1",
        VolumeElementType.Int8 => "|i1",
        VolumeElementType.UInt16 => "<u2",
        VolumeElementType.Int16 => "<i2",
        VolumeElementType.UInt32 => "<u4",
        VolumeElementType.Int32 => "<i4",
        VolumeElementType.UInt64 => "<u8",
        VolumeElementType.Int64 => "<i8",
        VolumeElementType.Float32 => "<f4",
        VolumeElementType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };

    internal static byte[] BuildHeader(string descr, bool fortran, long[] shape)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        string text = dict + new string(' ', padded - total) + "\n";
        var result = new byte[10 + text.Length];
        result[0] = 0x93;
        "NUMPY"u8.CopyTo(result.AsSpan(1));
        result[6] = 1;
        result[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)text.Length);
        Encoding.Latin1.GetBytes(text).CopyTo(result, 10);
        return result;
    }

    private static double[] TransposeFortran(double[] values, long[] shape)
    {
        var result = new double[values.Length];
        var idx = new long[shape.Length];
        for (long f = 0; f < values.LongLength; f++)
        {
            long c = 0;
            for (int a = 0; a < shape.Length; a++)
            {
                c = (c * shape[a]) + idx[a];
            }

            result[c] = values[f];
            for (int a = 0; a < shape.Length; a++)
            {
                if (++idx[a] < shape[a])
                {
                    break;
                }

                idx[a] = 0;
            }
        }

        return result;
    }

    private static long ParseDim(string path, string s)
    {
        s = s.TrimEnd('L');
        if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) || v < 0)
        {
            NpyThrowHelper.ThrowBadHeader(path, $"the shape entry '{s}' is not a non-negative integer");
        }

        return v;
    }

    private static (VolumeElementType Type, bool BigEndian) ParseDescr(string path, string descr)
    {
        if (descr.Length < 2)
        {
            NpyThrowHelper.ThrowUnsupportedDtype(path, descr);
        }

        char order = descr[0];
        string code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        bool big = order == '>';
        VolumeElementType? type = code switch
        {
            "u1" or "b1" => VolumeElementType.UInt8,
            "i1" => VolumeElementType.Int8,
            "u2" => VolumeElementType.UInt16,
            "i2" => VolumeElementType.Int16,
            "u4" => VolumeElementType.UInt32,
            "i4" => VolumeElementType.Int32,
            "u8" => VolumeElementType.UInt64,
            "i8" => VolumeElementType.Int64,
            "f4" => VolumeElementType.Float32,
            "f8" => VolumeElementType.Float64,
            _ => null,
        };
        if (type is null)
        {
            NpyThrowHelper.ThrowUnsupportedDtype(path, descr);
        }

        return (type.Value, big);
    }

    private static string Match(string path, string header, Regex regex, string key)
    {
        System.Text.RegularExpressions.Match m = regex.Match(header);
        if (!m.Success)
        {
            NpyThrowHelper.ThrowBadHeader(path, $"the key '{key}' is missing or malformed");
        }

        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]+)['""]")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
