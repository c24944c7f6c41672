namespace H3deMl.Onnx.Protobuf;

/// <summary>Which value field of an <see cref="AttributeProto"/> is in use (<c>AttributeProto.AttributeType</c>).</summary>
public enum AttributeType
{
    /// <summary>Not set.</summary>
    Undefined = 0,
    /// <summary><see cref="AttributeProto.F"/>.</summary>
    Float = 1,
    /// <summary><see cref="AttributeProto.I"/>.</summary>
    Int = 2,
    /// <summary><see cref="AttributeProto.S"/>.</summary>
    String = 3,
    /// <summary><see cref="AttributeProto.T"/>.</summary>
    Tensor = 4,
    /// <summary><see cref="AttributeProto.G"/>.</summary>
    Graph = 5,
    /// <summary><see cref="AttributeProto.Floats"/>.</summary>
    Floats = 6,
    /// <summary><see cref="AttributeProto.Ints"/>.</summary>
    Ints = 7,
    /// <summary><see cref="AttributeProto.Strings"/>.</summary>
    Strings = 8,
    /// <summary><see cref="AttributeProto.Tensors"/>.</summary>
    Tensors = 9,
    /// <summary><see cref="AttributeProto.Graphs"/>.</summary>
    Graphs = 10,
    /// <summary>A sparse tensor (not read by this library).</summary>
    SparseTensor = 11,
    /// <summary>Sparse tensors (not read by this library).</summary>
    SparseTensors = 12,
    /// <summary>A type proto (not read by this library).</summary>
    TypeProto = 13,
    /// <summary>Type protos (not read by this library).</summary>
    TypeProtos = 14,
}
