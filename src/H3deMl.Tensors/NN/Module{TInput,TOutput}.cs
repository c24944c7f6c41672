namespace H3deMl.Tensors.NN;

/// <summary>A module that maps an input to an output, such as a layer (<see cref="Tensor"/> to <see cref="Tensor"/>).</summary>
/// <typeparam name="TInput">The input type; a tuple for several inputs.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>Computes the module's output; recorded for <see cref="Tensor.Backward"/> when gradients are enabled.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The output.</returns>
    public abstract TOutput Forward(TInput input);
}
