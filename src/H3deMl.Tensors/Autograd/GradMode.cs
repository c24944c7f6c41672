namespace H3deMl.Tensors.Autograd;

/// <summary>Switches gradient recording on and off for the calling thread.</summary>
public static class GradMode
{
    [ThreadStatic] private static int t_disabledDepth;

    /// <summary>True when operations are recorded for <see cref="Tensor.Backward"/> on this thread.</summary>
    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary>Disables recording until the returned scope is disposed (like PyTorch's <c>torch.no_grad()</c>).</summary>
    public static NoGradScope NoGrad()
    {
        t_disabledDepth++;
        return new NoGradScope();
    }

    /// <summary>The scope returned by <see cref="NoGrad"/>.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Re-enables recording (when no enclosing no-grad scope remains).</summary>
        public void Dispose() => t_disabledDepth--;
    }
}
