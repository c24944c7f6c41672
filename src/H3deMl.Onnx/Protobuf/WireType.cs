namespace H3deMl.Onnx.Protobuf;

/// <summary>The protobuf wire types: how a field's value is laid out after its tag.</summary>
internal enum WireType
{
    /// <summary>Base-128 varint (int32, int64, uint64, bool, enum).</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes (double, fixed64).</summary>
    Fixed64 = 1,

    /// <summary>A varint byte count followed by that many bytes (string, bytes, message, packed repeated).</summary>
    LengthDelimited = 2,

    /// <summary>Deprecated group start; only skipped.</summary>
    StartGroup = 3,

    /// <summary>Deprecated group end; only skipped.</summary>
    EndGroup = 4,

    /// <summary>Four little-endian bytes (float, fixed32).</summary>
    Fixed32 = 5,
}
