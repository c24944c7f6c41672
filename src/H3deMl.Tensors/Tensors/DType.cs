namespace H3deMl.Tensors;

/// <summary>Element type of a <see cref="Tensor"/>. Only <see cref="Float32"/> exists today; the enum is the extension point for others.</summary>
public enum DType
{
    /// <summary>IEEE 754 single precision.</summary>
    Float32,
}
