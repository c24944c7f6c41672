namespace H3deMl.Trainers.Tests;

/// <summary>
/// <see cref="H3deMl.Tensors.ComputeSettings.Threads"/> is process-wide, so the tests that change it run alone
/// (parallelisation disabled for this collection) and restore it in <c>finally</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ComputeSettingsCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "ComputeSettings (process-wide)";

    /// <summary>Runs <paramref name="compute"/> with <paramref name="threads"/> kernel threads, then restores the setting.</summary>
    internal static T WithThreads<T>(int threads, Func<T> compute)
    {
        var saved = H3deMl.Tensors.ComputeSettings.Threads;
        H3deMl.Tensors.ComputeSettings.Threads = threads;
        try
        {
            return compute();
        }
        finally
        {
            H3deMl.Tensors.ComputeSettings.Threads = saved;
        }
    }
}
