using BenchmarkDotNet.Running;
using H3deMl.Benchmarks.Kernels;

namespace H3deMl.Benchmarks;

/// <summary>
/// Entry point. <c>--quick [--threads N] [--filter text]</c> prints one JSON object per line for the benchmark
/// cases (see <see cref="QuickBench"/>); anything else goes to BenchmarkDotNet's switcher.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--network-case")) return Network.NetworkBench.RunCase(args);
        if (args.Contains("--quick")) return QuickBench.Run(args);
        if (args.Contains("--profile")) return DevProfile.Run(args);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
