using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using H3deMl.Tensors;
using H3deMl.Tensors.Kernels;

namespace H3deMl.Benchmarks.Kernels;

/// <summary>
/// The quick benchmark: for each case, warms up, then reports the median of several timed repetitions as
/// <c>{"op":…,"case":…,"pass":"forward"|"backward","seconds":S,"gflops":G}</c>, one object per line. GFLOP/s counts
/// 2·MACs of the forward pass, twice that for the backward pass (input gradient + weight gradient + bias gradient).
/// </summary>
internal static class QuickBench
{
    internal static int Run(string[] args)
    {
        var threads = Environment.ProcessorCount;
        string? filter = null;
        var repetitions = 2;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads" && i + 1 < args.Length) threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--filter" && i + 1 < args.Length) filter = args[++i];
            else if (args[i] == "--repetitions" && i + 1 < args.Length) repetitions = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        ComputeSettings.Threads = threads;
        foreach (var c in ConvCases.All)
        {
            if (filter is not null && !c.Name.Contains(filter, StringComparison.Ordinal)) continue;
            RunConv(c);
        }
        if (filter is null || "linear".Contains(filter, StringComparison.Ordinal) || filter.Contains("16384rows", StringComparison.Ordinal))
            RunLinear();
        if (filter is null || filter == "gemm") RunGemm();
        if (filter is null || filter.StartsWith("h3denet", StringComparison.Ordinal)) Network.NetworkBench.RunAll(filter, threads, repetitions);
        return 0;
    }

    private static void RunConv(ConvCase c)
    {
        var g = c.Geometry;
        var x = Fill(g.InputLength, 1);
        var w = Fill(g.WeightLength, 2);
        var bias = Fill(g.OutChannels, 3);
        var y = new float[g.OutputLength];
        var dy = Fill(g.OutputLength, 4);
        var dx = new float[g.InputLength];
        var dw = new float[g.WeightLength];
        var db = new float[g.OutChannels];
        var flops = 2.0 * g.Macs;
        var fwd = Median(() => Conv3dKernels.Forward(g, x, w, bias, y));
        Emit("conv3d", c.Name, "forward", fwd, flops);
        var bwd = Median(() =>
        {
            Conv3dKernels.BackwardInput(g, dy, w, dx);
            Conv3dKernels.BackwardWeight(g, x, dy, dw, db);
        });
        Emit("conv3d", c.Name, "backward", bwd, 2 * flops);
    }

    private static void RunLinear()
    {
        const int rows = 16384, inF = 64, outF = 256;
        var x = Fill(rows * inF, 1);
        var w = Fill(outF * inF, 2);
        var b = Fill(outF, 3);
        var y = new float[rows * outF];
        var dy = Fill(rows * outF, 4);
        var dx = new float[rows * inF];
        var dw = new float[outF * inF];
        var db = new float[outF];
        var flops = 2.0 * rows * inF * outF;
        var fwd = Median(() => LinearOps.Forward(x, w, b, y, rows, inF, outF));
        Emit("linear", "64-256-16384rows", "forward", fwd, flops);
        var bwd = Median(() => LinearOps.Backward(x, w, dy, dx, dw, db, rows, inF, outF));
        Emit("linear", "64-256-16384rows", "backward", bwd, 2 * flops);
    }

    private static void RunGemm()
    {
        const int n = 1024;
        var a = Fill(n * n, 1);
        var b = Fill(n * n, 2);
        var c = new float[n * n];
        var saved = ComputeSettings.Threads;
        ComputeSettings.Threads = 1;
        // GEMM runs and FMA-peak loops alternate, so that both see the same machine load; the percentage compares the
        // best of each (the least disturbed runs), the median is reported as seconds/gflops.
        var times = new List<double>();
        var peak = 0.0;
        Gemm.Sgemm(false, false, n, n, n, a, n, b, n, c, n, false);
        // Each round: one FMA-peak measurement (best of 5 loops) and 5 GEMMs, so both bests draw on as many chances.
        for (var rep = 0; rep < 10; rep++)
        {
            peak = Math.Max(peak, FmaPeak.Measure());
            for (var i = 0; i < 5; i++)
            {
                var sw = Stopwatch.StartNew();
                Gemm.Sgemm(false, false, n, n, n, a, n, b, n, c, n, false);
                times.Add(sw.Elapsed.TotalSeconds);
            }
        }
        ComputeSettings.Threads = saved;
        times.Sort();
        var t = times[times.Count / 2];
        var flops = 2.0 * n * n * n;
        var gflops = flops / t / 1e9;
        var best = flops / times[0] / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"op\":\"gemm\",\"case\":\"{n}x{n}x{n}-1thread\",\"pass\":\"forward\",\"seconds\":{t:G6},\"gflops\":{gflops:F2},\"best_gflops\":{best:F2},\"peak_gflops\":{peak:F2},\"percent_of_peak\":{100 * best / peak:F1}}}"));
    }

    internal static float[] Fill(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new float[length];
        for (var i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }

    /// <summary>Median seconds of at least 5 repetitions (and at least ~1.5 s of timing) after two warm-up runs.</summary>
    internal static double Median(Action action)
    {
        action();
        action();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 5 || (total.Elapsed.TotalSeconds < 1.5 && times.Count < 50))
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static void Emit(string op, string name, string pass, double seconds, double flops) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"op\":\"{op}\",\"case\":\"{name}\",\"pass\":\"{pass}\",\"seconds\":{seconds:G6},\"gflops\":{flops / seconds / 1e9:F2}}}"));
}

/// <summary>One benchmark convolution, named "in-out-kKsS-DxHxW" (or "dwC-kKsS-DxHxW").</summary>
internal sealed record ConvCase(string Name, Conv3dGeometry Geometry);

/// <summary>The issue's convolution cases: batch 1, padding keeping the size (halved for stride 2).</summary>
internal static class ConvCases
{
    internal static readonly ConvCase[] All =
    [
        Dense(48, 16, 3, 1, 128, 128, 64),
        Dense(16, 16, 3, 1, 128, 128, 64),
        Dense(96, 32, 3, 1, 64, 64, 32),
        Dense(192, 64, 3, 1, 32, 32, 16),
        Dense(768, 256, 3, 1, 8, 8, 4),
        Dense(1, 32, 3, 2, 128, 128, 64),
        Depthwise(64, 5, 32, 32, 16),
    ];

    internal static ConvCase Dense(int cin, int cout, int k, int s, int d, int h, int w) =>
        new($"{cin}-{cout}-k{k}s{s}-{d}x{h}x{w}",
            new Conv3dGeometry(1, cin, d, h, w, cout, k, k, k, s, s, s, k / 2, k / 2, k / 2, 1));

    internal static ConvCase Depthwise(int c, int k, int d, int h, int w) =>
        new($"dw{c}-k{k}s1-{d}x{h}x{w}",
            new Conv3dGeometry(1, c, d, h, w, c, k, k, k, 1, 1, 1, k / 2, k / 2, k / 2, c));
}

/// <summary>A Linear layer on raw buffers, as the tensor layer runs it: y = x·Wᵀ + b.</summary>
internal static class LinearOps
{
    internal static void Forward(float[] x, float[] w, float[] b, float[] y, int rows, int inF, int outF)
    {
        for (var r = 0; r < rows; r++) b.CopyTo(y.AsSpan(r * outF, outF));
        Gemm.Sgemm(false, true, rows, outF, inF, x, inF, w, inF, y, outF, accumulate: true);
    }

    /// <summary>dx = dy·W, dW = dyᵀ·x, db = Σ rows of dy.</summary>
    internal static void Backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db, int rows, int inF, int outF)
    {
        Gemm.Sgemm(false, false, rows, inF, outF, dy, outF, w, inF, dx, inF, accumulate: false);
        Gemm.Sgemm(true, false, outF, inF, rows, dy, outF, x, inF, dw, inF, accumulate: false);
        Array.Clear(db);
        for (var r = 0; r < rows; r++)
        {
            var row = dy.AsSpan(r * outF, outF);
            System.Numerics.Tensors.TensorPrimitives.Add(db, row, db);
        }
    }
}

/// <summary>Single-core FMA peak: independent chains of fused multiply-adds on the widest vector.</summary>
internal static class FmaPeak
{
    /// <summary>One short measurement (about 5 ms): the core's speed right now, to normalise a timing taken next to it.</summary>
    internal static double Quick()
    {
        const long iters = 1_000_000;
        var sw = Stopwatch.StartNew();
        var r = Vector512.IsHardwareAccelerated ? Loop512(iters) : Loop256(iters);
        var lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        return iters * 12 * lanes * 2 / sw.Elapsed.TotalSeconds / 1e9 + r * 0;
    }

    internal static double Measure()
    {
        var best = 0.0;
        for (var rep = 0; rep < 5; rep++)
        {
            const long iters = 20_000_000;
            var sw = Stopwatch.StartNew();
            var r = Vector512.IsHardwareAccelerated ? Loop512(iters) : Loop256(iters);
            var t = sw.Elapsed.TotalSeconds;
            var lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
            best = Math.Max(best, iters * 12 * lanes * 2 / t / 1e9 + r * 0);
        }
        return best;
    }

    // Not inlined: inside a caller that times it, the twelve accumulators were spilled around the clock calls (3x slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Loop512(long iters)
    {
        var m = Vector512.Create(0.999f);
        var b = Vector512.Create(0.001f);
        Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, b); a1 = Vector512.FusedMultiplyAdd(a1, m, b);
            a2 = Vector512.FusedMultiplyAdd(a2, m, b); a3 = Vector512.FusedMultiplyAdd(a3, m, b);
            a4 = Vector512.FusedMultiplyAdd(a4, m, b); a5 = Vector512.FusedMultiplyAdd(a5, m, b);
            a6 = Vector512.FusedMultiplyAdd(a6, m, b); a7 = Vector512.FusedMultiplyAdd(a7, m, b);
            a8 = Vector512.FusedMultiplyAdd(a8, m, b); a9 = Vector512.FusedMultiplyAdd(a9, m, b);
            a10 = Vector512.FusedMultiplyAdd(a10, m, b); a11 = Vector512.FusedMultiplyAdd(a11, m, b);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    // Not inlined: inside a caller that times it, the twelve accumulators were spilled around the clock calls (3x slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Loop256(long iters)
    {
        var m = Vector256.Create(0.999f);
        var b = Vector256.Create(0.001f);
        Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
        for (long i = 0; i < iters; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, b); a1 = Vector256.FusedMultiplyAdd(a1, m, b);
            a2 = Vector256.FusedMultiplyAdd(a2, m, b); a3 = Vector256.FusedMultiplyAdd(a3, m, b);
            a4 = Vector256.FusedMultiplyAdd(a4, m, b); a5 = Vector256.FusedMultiplyAdd(a5, m, b);
            a6 = Vector256.FusedMultiplyAdd(a6, m, b); a7 = Vector256.FusedMultiplyAdd(a7, m, b);
            a8 = Vector256.FusedMultiplyAdd(a8, m, b); a9 = Vector256.FusedMultiplyAdd(a9, m, b);
            a10 = Vector256.FusedMultiplyAdd(a10, m, b); a11 = Vector256.FusedMultiplyAdd(a11, m, b);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
