using System.Diagnostics;
using System.Globalization;
using H3deMl.Tensors;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Benchmarks.Kernels;

/// <summary>
/// <c>--profile [--threads N] [--filter text]</c>: times each convolution pass separately (forward, input gradient,
/// weight gradient) and the GEMM, reporting GFLOP/s per wall second and per CPU second of this process. The CPU-time
/// figure stays meaningful when other processes share the machine.
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

    private static void Report(string name, string pass, double flops, Action action)
    {
        action();
        var proc = Process.GetCurrentProcess();
        var walls = new List<double>();
        var cpus = new List<double>();
        var total = Stopwatch.StartNew();
        while (walls.Count < 3 || (total.Elapsed.TotalSeconds < 2 && walls.Count < 30))
        {
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            var wall = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            walls.Add(wall);
            cpus.Add((proc.TotalProcessorTime - cpu0).TotalSeconds);
        }
        walls.Sort();
        cpus.Sort();
        var wm = walls[walls.Count / 2];
        var wmin = walls[0];
        var cm = cpus[cpus.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {pass,-12} wall {wm * 1e3,9:F2} ms {flops / wm / 1e9,7:F2} GF/s  best {flops / wmin / 1e9,7:F2} GF/s   cpu {cm * 1e3,9:F2} ms {flops / Math.Max(cm, 1e-9) / 1e9,7:F2} GF/cpu-s"));
    }
}
