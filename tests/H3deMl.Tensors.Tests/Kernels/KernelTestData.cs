using H3deMl.Tensors.Kernels.Convolution;
using H3deMl.Tensors.Kernels.Isa;

namespace H3deMl.Tensors.Tests.Kernels;

/// <summary>Deterministic random data and the vector widths to exercise.</summary>
internal static class KernelTestData
{
    internal static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new float[length];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>Every width up to the best this machine accelerates, as xunit theory data.</summary>
    internal static IEnumerable<SimdWidth> Widths()
    {
        foreach (var w in new[] { SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 })
            if (w <= KernelIsa.Best) yield return w;
    }

    /// <summary>The widths as xunit theory data (the enum is internal, so tests take its integer value).</summary>
    internal static TheoryData<int> WidthData()
    {
        var d = new TheoryData<int>();
        foreach (var w in Widths()) d.Add((int)w);
        return d;
    }

    /// <summary>Runs <paramref name="action"/> with the kernels forced to <paramref name="width"/> on this thread.</summary>
    internal static void WithWidth(SimdWidth width, Action action)
    {
        var saved = KernelIsa.Override;
        KernelIsa.Override = width;
        try { action(); }
        finally { KernelIsa.Override = saved; }
    }

    /// <summary>Runs <paramref name="action"/> with the Winograd convolution on or off on this thread.</summary>
    internal static void WithWinograd(bool enabled, Action action)
    {
        var saved = WinogradConv.DisabledOnThisThread;
        WinogradConv.DisabledOnThisThread = !enabled;
        try { action(); }
        finally { WinogradConv.DisabledOnThisThread = saved; }
    }

    /// <summary>Runs <paramref name="action"/> with <see cref="ComputeSettings.Threads"/> set (process-wide; tests using it share a collection).</summary>
    internal static void WithThreads(int threads, Action action)
    {
        var saved = ComputeSettings.Threads;
        ComputeSettings.Threads = threads;
        try { action(); }
        finally { ComputeSettings.Threads = saved; }
    }
}

/// <summary>Tests that change <see cref="ComputeSettings.Threads"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadSettingsCollection
{
    internal const string Name = "Kernels.ThreadSettings";
}
