namespace H3deMl.Tensors.NN;

/// <summary>Allocation of parameter storage and the PyTorch names layers register their parameters under.</summary>
internal static class ParameterTensors
{
    internal const string Weight = "weight";
    internal const string Bias = "bias";

    /// <summary>A zero-filled tensor in garbage-collected storage, never pooled by a <see cref="TensorScope"/>.</summary>
    internal static Tensor Create(params int[] shape) => Tensor.Wrap(new float[TensorShape.Count(shape)], shape);
}
