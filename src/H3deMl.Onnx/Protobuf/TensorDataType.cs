namespace H3deMl.Onnx.Protobuf;

/// <summary>Element types of ONNX tensors (<c>TensorProto.DataType</c>; the numbers are the IR's).</summary>
public enum TensorDataType
{
    /// <summary>Not set.</summary>
    Undefined = 0,
    /// <summary>32-bit IEEE float.</summary>
    Float = 1,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,
    /// <summary>Byte string.</summary>
    String = 8,
    /// <summary>Boolean (one byte).</summary>
    Bool = 9,
    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,
    /// <summary>64-bit IEEE float.</summary>
    Double = 11,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,
    /// <summary>Complex of two 32-bit floats.</summary>
    Complex64 = 14,
    /// <summary>Complex of two 64-bit floats.</summary>
    Complex128 = 15,
    /// <summary>Brain float 16.</summary>
    BFloat16 = 16,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits, finite only.</summary>
    Float8E4M3FN = 17,
    /// <summary>8-bit float, 4 exponent and 3 mantissa bits, finite only, no negative zero.</summary>
    Float8E4M3FNUZ = 18,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits.</summary>
    Float8E5M2 = 19,
    /// <summary>8-bit float, 5 exponent and 2 mantissa bits, finite only, no negative zero.</summary>
    Float8E5M2FNUZ = 20,
    /// <summary>Unsigned 4-bit integer (two per byte).</summary>
    UInt4 = 21,
    /// <summary>Signed 4-bit integer (two per byte).</summary>
    Int4 = 22,
    /// <summary>4-bit float (two per byte).</summary>
    Float4E2M1 = 23,
}

/// <summary>Facts about <see cref="TensorDataType"/> values.</summary>
public static class TensorDataTypes
{
    /// <summary>
    /// Bits per element of the type's little-endian <c>raw_data</c> layout, or 0 when the type has no fixed-size
    /// layout (undefined, string, or a number this library does not know).
    /// </summary>
    public static int BitsPerElement(TensorDataType type) => type switch
    {
        TensorDataType.Float or TensorDataType.Int32 or TensorDataType.UInt32 => 32,
        TensorDataType.UInt8 or TensorDataType.Int8 or TensorDataType.Bool => 8,
        TensorDataType.UInt16 or TensorDataType.Int16 or TensorDataType.Float16 or TensorDataType.BFloat16 => 16,
        TensorDataType.Int64 or TensorDataType.Double or TensorDataType.UInt64 or TensorDataType.Complex64 => 64,
        TensorDataType.Complex128 => 128,
        TensorDataType.Float8E4M3FN or TensorDataType.Float8E4M3FNUZ or TensorDataType.Float8E5M2
            or TensorDataType.Float8E5M2FNUZ => 8,
        TensorDataType.UInt4 or TensorDataType.Int4 or TensorDataType.Float4E2M1 => 4,
        _ => 0,
    };

    /// <summary>Bytes of <c>raw_data</c> for <paramref name="elements"/> elements (4-bit types round up).</summary>
    public static long RawByteCount(TensorDataType type, long elements)
    {
        var bits = BitsPerElement(type);
        if (bits == 0) throw new ArgumentException($"{type} has no fixed-size raw layout.", nameof(type));
        return bits == 4 ? (elements + 1) / 2 : checked(elements * (bits / 8));
    }
}
