namespace H3deMl.Tensors;

/// <summary>Process-wide execution settings of the tensor engine.</summary>
/// <remarks>
/// Results never depend on <see cref="Threads"/>: work is partitioned by problem size and reductions combine partial
/// results in a fixed order, so one thread and many give bit-identical values.
/// </remarks>
public static class ComputeSettings
{
    private static int s_threads = Environment.ProcessorCount;

    /// <summary>The number of threads kernels may use; default all cores (<see cref="Environment.ProcessorCount"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int Threads
    {
        get => s_threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_threads = value;
        }
    }
}
