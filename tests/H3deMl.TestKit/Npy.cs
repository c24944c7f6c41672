using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace H3deMl.TestKit;

/// <summary>
/// A minimal reader for NumPy <c>.npy</c> files (format versions 1–3): little-endian <c>&lt;f4</c>, <c>&lt;f8</c>,
/// <c>&lt;i4</c>, <c>&lt;i8</c> and <c>|b1</c>, C order only. Used to load parity fixtures written by the PyTorch
/// generator script; it depends on nothing in the product code.
/// </summary>
/// <remarks>
/// Layout: the magic <c>\x93NUMPY</c>, a major and a minor version byte, the header length (uint16 for version 1,
/// uint32 for versions 2 and 3), an ASCII (UTF-8 for version 3) Python dict literal with the keys <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, padded with spaces and a newline, then the raw data.
/// </remarks>
public static class Npy
{
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a supported .npy file; the message names the file.</exception>
    public static NpyArray Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses the bytes of a .npy file.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a supported .npy file.</exception>
    public static NpyArray Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(s_magic))
            throw new InvalidDataException("not a .npy file (the magic string \\x93NUMPY is missing).");
        var major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12) throw new InvalidDataException("truncated header.");
                headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
                headerStart = 12;
                break;
            default:
                throw new InvalidDataException($"unsupported .npy format version {major}.{bytes[7]}.");
        }
        if (headerStart + headerLength > bytes.Length) throw new InvalidDataException("truncated header.");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.ASCII).GetString(bytes.Slice(headerStart, headerLength));
        var descr = ReadStringValue(header, "descr");
        var fortran = ReadRawValue(header, "fortran_order");
        if (fortran.StartsWith("True", StringComparison.Ordinal))
            throw new InvalidDataException("Fortran-order arrays are not supported.");
        var shape = ReadShape(header);
        long count = 1;
        foreach (var d in shape) count *= d;
        var data = bytes[(headerStart + headerLength)..];
        var (size, kind) = descr switch
        {
            "<f4" => (4, 'f'),
            "<f8" => (8, 'f'),
            "<i4" => (4, 'i'),
            "<i8" => (8, 'i'),
            "|b1" or "|u1" => (1, 'u'),
            _ => throw new InvalidDataException($"unsupported dtype '{descr}' (expected <f4, <f8, <i4, <i8 or |b1)."),
        };
        if (data.Length != count * size)
            throw new InvalidDataException($"shape [{string.Join(", ", shape)}] of '{descr}' needs {count * size} data bytes but {data.Length} follow.");
        var n = (int)count;
        if (kind == 'f')
        {
            var f = new float[n];
            for (var i = 0; i < n; i++)
                f[i] = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]) : (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
            return new NpyArray(shape, f, null);
        }
        var ints = new long[n];
        for (var i = 0; i < n; i++)
        {
            ints[i] = size switch
            {
                8 => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
                4 => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
                _ => data[i],
            };
        }
        return new NpyArray(shape, null, ints);
    }

    private static string ReadRawValue(string header, string key)
    {
        var k = header.IndexOf("'" + key + "'", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"the header has no '{key}' key: {header.Trim()}");
        var colon = header.IndexOf(':', k);
        if (colon < 0) throw new InvalidDataException($"malformed header: {header.Trim()}");
        return header[(colon + 1)..].TrimStart();
    }

    private static string ReadStringValue(string header, string key)
    {
        var v = ReadRawValue(header, key);
        if (v.Length == 0 || v[0] != '\'') throw new InvalidDataException($"'{key}' is not a string: {header.Trim()}");
        var end = v.IndexOf('\'', 1);
        if (end < 0) throw new InvalidDataException($"malformed header: {header.Trim()}");
        return v[1..end];
    }

    private static int[] ReadShape(string header)
    {
        var v = ReadRawValue(header, "shape");
        if (v.Length == 0 || v[0] != '(') throw new InvalidDataException($"'shape' is not a tuple: {header.Trim()}");
        var end = v.IndexOf(')', StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException($"malformed header: {header.Trim()}");
        var parts = v[1..end].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Select(p => int.Parse(p.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
    }
}

/// <summary>An array read by <see cref="Npy"/>: its shape and either float or integer data (row-major).</summary>
public sealed class NpyArray
{
    internal NpyArray(int[] shape, float[]? floats, long[]? ints)
    {
        _shape = shape;
        _floats = floats;
        _ints = ints;
    }

    private readonly int[] _shape;
    private readonly float[]? _floats;
    private readonly long[]? _ints;

    /// <summary>The size of each axis (empty for a scalar); a fresh copy, so cached arrays cannot be altered.</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>True when the file held a floating-point dtype.</summary>
    public bool IsFloat => _floats is not null;

    /// <summary>The number of elements.</summary>
    public int Length => _floats?.Length ?? _ints!.Length;

    /// <summary>The values as float32 (integers are converted).</summary>
    public float[] AsFloat() => _floats ?? _ints!.Select(v => (float)v).ToArray();

    /// <summary>The values as int32.</summary>
    /// <exception cref="InvalidDataException">The array holds floats or a value outside the int32 range.</exception>
    public int[] AsInt32()
    {
        if (_ints is null) throw new InvalidDataException("The array holds floating-point values, not indices.");
        return _ints.Select(v => checked((int)v)).ToArray();
    }
}
