using System.Buffers.Binary;
using H3deMl.Onnx.Protobuf;
using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring;

/// <summary>Turns a <see cref="TensorProto"/> (initializer or tensor attribute) into an <see cref="OnnxValue"/>.</summary>
/// <remarks>
/// The wire layer has already checked that the data length matches the dims; external data is read only from a
/// relative location inside the model's folder, and the bytes it names must lie inside that file.
/// </remarks>
internal static class TensorProtoDecoding
{
    /// <summary>The largest tensor the interpreter materialises (the engine indexes with 32-bit ints).</summary>
    internal const long MaxElements = int.MaxValue / 2;

    internal static OnnxValue Decode(TensorProto t, string? baseDirectory)
    {
        var what = t.Name.Length > 0 ? $"tensor '{t.Name}'" : "an unnamed tensor";
        var shape = new int[t.Dims.Count];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            var d = t.Dims[i];
            if (d < 0 || d > MaxElements) throw new OnnxModelException($"{what} has dimension {d}, outside [0, {MaxElements}].");
            shape[i] = (int)d;
            count *= d;
            if (count > MaxElements) throw new OnnxModelException($"{what} has more than {MaxElements:N0} elements.");
        }
        var n = (int)count;
        ReadOnlyMemory<byte> raw = t.RawData;
        if (t.DataLocation == TensorDataLocation.External) raw = ReadExternal(t, what, baseDirectory);
        var hasRaw = !raw.IsEmpty || t.DataLocation == TensorDataLocation.External;
        switch (t.DataType)
        {
            case TensorDataType.Float:
            {
                var f = new float[n];
                if (hasRaw) Check(raw, n * 4L, what).Span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan()));
                else if (t.FloatData.Count == n) t.FloatData.CopyTo(f);
                else if (n > 0) throw Missing(what, n);
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
                return OnnxValue.FromTensor(Tensor.Wrap(f, shape));
            }
            case TensorDataType.Double:
            {
                var f = new float[n];
                if (hasRaw)
                {
                    var s = Check(raw, n * 8L, what).Span;
                    for (var i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(s[(i * 8)..]);
                }
                else if (t.DoubleData.Count == n) for (var i = 0; i < n; i++) f[i] = (float)t.DoubleData[i];
                else if (n > 0) throw Missing(what, n);
                return OnnxValue.FromTensor(Tensor.Wrap(f, shape));
            }
            case TensorDataType.Int64:
            {
                var v = new long[n];
                if (hasRaw)
                {
                    var s = Check(raw, n * 8L, what).Span;
                    for (var i = 0; i < n; i++) v[i] = BinaryPrimitives.ReadInt64LittleEndian(s[(i * 8)..]);
                }
                else if (t.Int64Data.Count == n) t.Int64Data.CopyTo(v);
                else if (n > 0) throw Missing(what, n);
                return OnnxValue.FromInt64(v, shape);
            }
            case TensorDataType.Int32 or TensorDataType.Int16 or TensorDataType.Int8 or TensorDataType.UInt8 or TensorDataType.UInt16 or TensorDataType.Bool:
            {
                var v = new long[n];
                var bytes = TensorDataTypes.BitsPerElement(t.DataType) / 8;
                if (hasRaw)
                {
                    var s = Check(raw, (long)n * bytes, what).Span;
                    for (var i = 0; i < n; i++)
                        v[i] = t.DataType switch
                        {
                            TensorDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s[(i * 4)..]),
                            TensorDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s[(i * 2)..]),
                            TensorDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s[(i * 2)..]),
                            TensorDataType.Int8 => (sbyte)s[i],
                            _ => s[i],
                        };
                }
                else if (t.Int32Data.Count == n) for (var i = 0; i < n; i++) v[i] = t.Int32Data[i];
                else if (n > 0) throw Missing(what, n);
                if (t.DataType == TensorDataType.Bool)
                {
                    for (var i = 0; i < n; i++) v[i] = v[i] != 0 ? 1 : 0;
                    return OnnxValue.FromBool(v, shape);
                }
                return OnnxValue.FromInt64(v, shape);
            }
            default:
                throw new OnnxModelException($"{what} has element type {t.DataType}, which the interpreter does not support (FLOAT, DOUBLE, INT64, INT32, INT16, INT8, UINT8, UINT16, BOOL).");
        }
    }

    private static ReadOnlyMemory<byte> Check(ReadOnlyMemory<byte> raw, long expected, string what) =>
        raw.Length == expected ? raw : throw new OnnxModelException($"{what} has {raw.Length} data bytes; its dims need {expected}.");

    private static OnnxModelException Missing(string what, int n) => new($"{what} needs {n} elements but holds none in the field its type uses.");

    private static byte[] ReadExternal(TensorProto t, string what, string? baseDirectory)
    {
        if (baseDirectory is null)
            throw new OnnxModelException($"{what} keeps its data in an external file, which needs the model to be loaded from a file path.");
        var external = TensorExternalData.Parse(t.ExternalData, what);
        var root = Path.GetFullPath(baseDirectory);
        var path = Path.GetFullPath(Path.Combine(root, external.Location));
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            throw new OnnxModelException($"{what}: external data location '{external.Location}' leaves the model's folder.");
        if (!File.Exists(path)) throw new OnnxModelException($"{what}: external data file '{external.Location}' does not exist next to the model.");
        var expected = TensorDataTypes.BitsPerElement(t.DataType) == 0 ? -1 : TensorDataTypes.RawByteCount(t.DataType, t.ElementCount());
        var length = external.Length ?? expected;
        if (length < 0 || length != expected || length > MaxElements * 8)
            throw new OnnxModelException($"{what}: external data length {length} does not match its dims ({expected} bytes).");
        using var stream = File.OpenRead(path);
        if (external.Offset > stream.Length || length > stream.Length - external.Offset)
            throw new OnnxModelException($"{what}: external data [{external.Offset}, {external.Offset + length}) lies beyond the end of '{external.Location}' ({stream.Length} bytes).");
        stream.Position = external.Offset;
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        return buffer;
    }
}
