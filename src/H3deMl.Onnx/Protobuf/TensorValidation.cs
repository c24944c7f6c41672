namespace H3deMl.Onnx.Protobuf;

/// <summary>Consistency checks of a <see cref="TensorProto"/> read from an untrusted file.</summary>
internal static class TensorValidation
{
    public static void Validate(TensorProto tensor, OnnxReadLimits limits)
    {
        var what = tensor.Name.Length > 0 ? $"tensor '{tensor.Name}'" : "an unnamed tensor";
        if (tensor.Dims.Count > limits.MaxTensorRank)
            throw new InvalidDataException($"{what} has rank {tensor.Dims.Count}, more than the limit of {limits.MaxTensorRank}.");
        long count = 1;
        foreach (var d in tensor.Dims)
        {
            if (d < 0) throw new InvalidDataException($"{what} has a negative dimension ({d}).");
            if (d != 0 && count > long.MaxValue / d)
                throw new InvalidDataException($"{what}: the element count of dims [{string.Join(", ", tensor.Dims)}] overflows.");
            count *= d;
        }
        if (tensor.DataLocation == TensorDataLocation.External)
        {
            ValidateExternal(tensor, what, count);
            return;
        }
        if (tensor.DataLocation != TensorDataLocation.Default)
            throw new InvalidDataException($"{what} has an unknown data_location {(int)tensor.DataLocation}.");
        if (tensor.ExternalData.Count > 0)
            throw new InvalidDataException($"{what} lists external_data but its data_location is not EXTERNAL.");

        var sources = (tensor.RawData.IsEmpty ? 0 : 1) + (tensor.FloatData.Count > 0 ? 1 : 0)
            + (tensor.Int32Data.Count > 0 ? 1 : 0) + (tensor.StringData.Count > 0 ? 1 : 0)
            + (tensor.Int64Data.Count > 0 ? 1 : 0) + (tensor.DoubleData.Count > 0 ? 1 : 0)
            + (tensor.UInt64Data.Count > 0 ? 1 : 0);
        if (sources > 1) throw new InvalidDataException($"{what} stores its data in more than one field.");
        if (sources == 0)
        {
            // A tensor with no data is only consistent when it has no elements (or is a bare type/name carrier).
            if (count != 0 && tensor.DataType != TensorDataType.Undefined)
                throw new InvalidDataException($"{what} has {count} elements but no data.");
            return;
        }
        var type = tensor.DataType;
        if (!tensor.RawData.IsEmpty)
        {
            if (TensorDataTypes.BitsPerElement(type) == 0)
                throw new InvalidDataException($"{what}: raw_data is not valid for element type {type}.");
            var expected = count > long.MaxValue / 16 ? long.MaxValue : TensorDataTypes.RawByteCount(type, count);
            if (tensor.RawData.Length != expected)
                throw new InvalidDataException(
                    $"{what}: raw_data has {tensor.RawData.Length} bytes, but dims [{string.Join(", ", tensor.Dims)}] of {type} need {expected}.");
            return;
        }
        var (field, actual, perElement) = tensor switch
        {
            { FloatData.Count: > 0 } => ("float_data", tensor.FloatData.Count,
                type == TensorDataType.Float ? 1 : type == TensorDataType.Complex64 ? 2 : 0),
            { DoubleData.Count: > 0 } => ("double_data", tensor.DoubleData.Count,
                type == TensorDataType.Double ? 1 : type == TensorDataType.Complex128 ? 2 : 0),
            { Int64Data.Count: > 0 } => ("int64_data", tensor.Int64Data.Count, type == TensorDataType.Int64 ? 1 : 0),
            { UInt64Data.Count: > 0 } => ("uint64_data", tensor.UInt64Data.Count,
                type is TensorDataType.UInt64 or TensorDataType.UInt32 ? 1 : 0),
            { StringData.Count: > 0 } => ("string_data", tensor.StringData.Count, type == TensorDataType.String ? 1 : 0),
            _ => ("int32_data", tensor.Int32Data.Count, Int32Packing(type)),
        };
        if (perElement == 0) throw new InvalidDataException($"{what}: {field} is not valid for element type {type}.");
        var needed = perElement == -2 ? (count + 1) / 2 : count > long.MaxValue / 2 ? long.MaxValue : count * perElement;
        if (actual != needed)
            throw new InvalidDataException(
                $"{what}: {field} has {actual} values, but dims [{string.Join(", ", tensor.Dims)}] of {type} need {needed}.");
    }

    /// <summary>Values per element in int32_data (−2: two 4-bit elements per value; 0: not allowed).</summary>
    private static int Int32Packing(TensorDataType type) => type switch
    {
        TensorDataType.Int32 or TensorDataType.Int16 or TensorDataType.Int8 or TensorDataType.UInt16
            or TensorDataType.UInt8 or TensorDataType.Bool or TensorDataType.Float16 or TensorDataType.BFloat16
            or TensorDataType.Float8E4M3FN or TensorDataType.Float8E4M3FNUZ or TensorDataType.Float8E5M2
            or TensorDataType.Float8E5M2FNUZ => 1,
        TensorDataType.UInt4 or TensorDataType.Int4 or TensorDataType.Float4E2M1 => -2,
        _ => 0,
    };

    private static void ValidateExternal(TensorProto tensor, string what, long count)
    {
        if (!tensor.RawData.IsEmpty || tensor.FloatData.Count + tensor.Int32Data.Count + tensor.StringData.Count
            + tensor.Int64Data.Count + tensor.DoubleData.Count + tensor.UInt64Data.Count > 0)
            throw new InvalidDataException($"{what} has EXTERNAL data_location but also inline data.");
        var external = TensorExternalData.Parse(tensor.ExternalData, what);
        if (external.Length is { } length && TensorDataTypes.BitsPerElement(tensor.DataType) != 0
            && (count > long.MaxValue / 16 || length != TensorDataTypes.RawByteCount(tensor.DataType, count)))
            throw new InvalidDataException(
                $"{what}: external data length {length} does not match dims [{string.Join(", ", tensor.Dims)}] of {tensor.DataType}.");
    }
}
