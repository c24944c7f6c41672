namespace H3deMl.Onnx.Scoring;

/// <summary>How the interpreter stores the elements of an <see cref="OnnxValue"/>.</summary>
public enum OnnxElementKind
{
    /// <summary>32-bit floats in an engine <see cref="H3deMl.Tensors.Tensor"/> (FLOAT; DOUBLE is narrowed to this).</summary>
    Float32,

    /// <summary>64-bit integers (INT64, and INT32/INT16/INT8/UINT8 widened), exact beyond 2^24.</summary>
    Int64,

    /// <summary>Booleans stored as 0 and 1 in 64-bit integers.</summary>
    Bool,
}
