using System.Diagnostics;
using System.Globalization;
using H3deMl.Tensors;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Benchmarks.Kernels;

/// <summary>
/// <c>--profile [--threads N] [--filter text]</c>: times each convolution pass separately (forward, input gradient,
/// weight gradient) and the GEMM, reporting GFLOP/s per wall second and per CPU second of this process (the CPU-time
/// figure stays meaningful when other processes share the machine) and the best share of the FMA peak, measured
/// around each repetition on one core and counted once per thread.
/// </summary>
internal static class DevProfile
{
    internal static int Run(string[] args)
    {
        var threads = 1;
        string? filter = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads" && i + 1 < args.Length) threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--filter" && i + 1 < args.Length) filter = args[++i];
        }
        ComputeSettings.Threads = threads;
        foreach (var c in ConvCases.All)
        {
            if (filter is not null && !c.Name.Contains(filter, StringComparison.Ordinal)) continue;
            var g = c.Geometry;
            var x = QuickBench.Fill(g.InputLength, 1);
            var w = QuickBench.Fill(g.WeightLength, 2);
            var b = QuickBench.Fill(g.OutChannels, 3);
            var y = new float[g.OutputLength];
            var dy = QuickBench.Fill(g.OutputLength, 4);
            var dx = new float[g.InputLength];
            var dw = new float[g.WeightLength];
            var db = new float[g.OutChannels];
            var flops = 2.0 * g.Macs;
            Report(c.Name, "forward", flops, () => Conv3dKernels.Forward(g, x, w, b, y));
            Report(c.Name, "input-grad", flops, () => Conv3dKernels.BackwardInput(g, dy, w, dx));
            Report(c.Name, "weight-grad", flops, () => Conv3dKernels.BackwardWeight(g, x, dy, dw, db));
        }
        if (filter == "kernel")
        {
            for (var rep = 0; rep < 3; rep++)
            {
                var peak = FmaPeak.Measure();
                var k = KernelInL1();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"micro-kernel in L1: {k:F1} GF/s, FMA loop {peak:F1} GF/s: {100 * k / peak:F0} %"));
            }
            return 0;
        }
        if (filter is null || filter == "gemm")
        {
            foreach (var (m, n, k) in new[] { (1024, 1024, 1024), (16384, 256, 64), (16384, 64, 256), (256, 64, 16384) })
            {
                var a = QuickBench.Fill(m * k, 1);
                var bb = QuickBench.Fill(k * n, 2);
                var cc = new float[m * n];
                Report($"gemm {m}x{n}x{k}", "nn", 2.0 * m * n * k, () => Gemm.Sgemm(false, false, m, n, k, a, k, bb, n, cc, n, false));
            }
        }
        return 0;
    }

    private static unsafe double KernelInL1()
    {
        const int kc = 256;
        var a = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(8 * kc * 4, 64);
        var b = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(32 * kc * 4, 64);
        var c = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(8 * 32 * 4, 64);
        for (var i = 0; i < 8 * kc; i++) a[i] = 0.001f * (i % 7);
        for (var i = 0; i < 32 * kc; i++) b[i] = 0.001f * (i % 5);
        var best = 0.0;
        for (var rep = 0; rep < 5; rep++)
        {
            const int calls = 20000;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) H3deMl.Tensors.Kernels.GemmImpl.MicroKernels.Tile512(kc, a, b, c, 32, true);
            best = Math.Max(best, 2.0 * 8 * 32 * kc * calls / sw.Elapsed.TotalSeconds / 1e9);
        }
        System.Runtime.InteropServices.NativeMemory.AlignedFree(a);
        System.Runtime.InteropServices.NativeMemory.AlignedFree(b);
        System.Runtime.InteropServices.NativeMemory.AlignedFree(c);
        return best;
    }

    private static void Report(string name, string pass, double flops, Action action)
    {
        action();
        var proc = Process.GetCurrentProcess();
        var walls = new List<double>();
        var cpus = new List<double>();
        var efficiency = 0.0;
        var total = Stopwatch.StartNew();
        while (walls.Count < 3 || (total.Elapsed.TotalSeconds < 3 && walls.Count < 30))
        {
            var peakBefore = FmaPeak.Quick();
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            var wall = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            // The core's speed drifts on a shared machine: relate each timing to the FMA peak measured around it.
            var peak = ComputeSettings.Threads * Math.Max(peakBefore, FmaPeak.Quick());
            efficiency = Math.Max(efficiency, flops / wall / 1e9 / peak);
            walls.Add(wall);
            cpus.Add((proc.TotalProcessorTime - cpu0).TotalSeconds);
        }
        walls.Sort();
        cpus.Sort();
        var wm = walls[walls.Count / 2];
        var wmin = walls[0];
        var cm = cpus[cpus.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {pass,-12} wall {wm * 1e3,9:F2} ms {flops / wm / 1e9,7:F2} GF/s  best {flops / wmin / 1e9,7:F2} GF/s   cpu {cm * 1e3,9:F2} ms {flops / Math.Max(cm, 1e-9) / 1e9,7:F2} GF/cpu-s   best {100 * efficiency,3:F0} % of FMA peak"));
    }
}
