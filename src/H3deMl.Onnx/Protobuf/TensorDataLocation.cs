namespace H3deMl.Onnx.Protobuf;

/// <summary>Where a tensor's data lives (<c>TensorProto.DataLocation</c>).</summary>
public enum TensorDataLocation
{
    /// <summary>In the tensor's own data fields.</summary>
    Default = 0,
    /// <summary>In a file next to the model, described by <see cref="TensorProto.ExternalData"/>.</summary>
    External = 1,
}
