using System.Diagnostics;
using System.Globalization;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;

namespace H3deMl.Benchmarks.Network;

/// <summary>
/// The network benchmark: the reference (default) H3DE-Net on a 1×1×128×128×64 input, forward (eval, no gradient) and
/// one training step (forward, MSE loss against a zero target, backward, Adam step), for the heatmap and the anchor
/// network. Prints <c>{"op":"h3denet","head":…,"pass":"forward"|"train_step","seconds":S,"peakMemoryMB":M}</c>.
/// </summary>
/// <remarks>
/// Each (head, pass) runs in its own child process so that buffers pooled by one case do not hide another's memory.
/// seconds is the minimum of the timed repetitions after one warm-up run. peakMemoryMB is the process's peak resident
/// set (VmHWM, reset through /proc/self/clear_refs just before the warm-up run) minus its resident set at that moment
/// (network, optimiser state and input already built), i.e. the extra memory the pass needs at its worst, GC heap,
/// pooled tensors and native scratch included. cpuSeconds (the process's CPU time for the fastest repetition, an aid on
/// a loaded machine) is informative only. peakTensorMB is the peak of live scope-rented tensor bytes
/// (<see cref="TensorMemory"/>), peakSavedMB the peak of bytes kept for backward, pooledMB the idle pool at the end. bench/pytorch/bench_h3denet.py measures PyTorch the same way.
/// </remarks>
internal static class NetworkBench
{
    internal static readonly string[] Heads = ["heatmap", "anchors"];
    internal static readonly string[] Passes = ["forward", "train_step"];

    /// <summary>Runs every case matching <paramref name="filter"/> ("h3denet", "h3denet-heatmap", "h3denet-anchors-train_step"…), each in a child process.</summary>
    internal static void RunAll(string? filter, int threads, int repetitions)
    {
        foreach (var head in Heads)
            foreach (var pass in Passes)
            {
                var name = $"h3denet-{head}-{pass}";
                if (filter is not null && !name.Contains(filter, StringComparison.Ordinal)) continue;
                var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
                if (IsDllHost()) psi.ArgumentList.Add(typeof(NetworkBench).Assembly.Location);
                foreach (var a in new[] { "--network-case", head, pass, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--repetitions", repetitions.ToString(CultureInfo.InvariantCulture) })
                    psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                string? line;
                while ((line = p.StandardOutput.ReadLine()) is not null) Console.WriteLine(line);
                p.WaitForExit();
            }
    }

    private static bool IsDllHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "").Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    /// <summary>One case in this process: <c>--network-case HEAD PASS [--threads N] [--repetitions R]</c>.</summary>
    internal static int RunCase(string[] args)
    {
        var i = Array.IndexOf(args, "--network-case");
        var head = args[i + 1];
        var pass = args[i + 2];
        var threads = Environment.ProcessorCount;
        var repetitions = 2;
        for (var j = 0; j < args.Length; j++)
        {
            if (args[j] == "--threads" && j + 1 < args.Length) threads = int.Parse(args[++j], CultureInfo.InvariantCulture);
            else if (args[j] == "--repetitions" && j + 1 < args.Length) repetitions = int.Parse(args[++j], CultureInfo.InvariantCulture);
        }
        ComputeSettings.Threads = threads;

        var architecture = H3deNetArchitecture.Reference with { Head = head == "anchors" ? H3deHead.Anchors : H3deHead.Heatmap };
        var net = new H3deNet(architecture, new RandomStream(1));
        var input = Tensor.FromArray(Kernels.QuickBench.Fill(128 * 128 * 64, 5), 1, 1, 128, 128, 64);
        Action run;
        if (pass == "forward")
        {
            net.Eval();
            run = () =>
            {
                using var scope = new TensorScope();
                using var noGrad = GradMode.NoGrad();
                var o = net.Forward(input);
                _ = (o.Heatmap ?? o.Anchors)!.Length;
            };
        }
        else
        {
            net.Train();
            var optimizer = new Adam(net.Parameters(), new AdamOptions { LearningRate = 1e-4 });
            run = () =>
            {
                using var scope = new TensorScope();
                var o = net.Forward(input);
                var y = (o.Heatmap ?? o.Anchors)!;
                var loss = Functional.MseLoss(y, Tensor.Zeros(y.Shape.ToArray()));
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            };
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = PeakMemory.ResetAndReadRss();
        TensorMemory.ResetPeak();
        var times = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var rep = 0; rep <= repetitions; rep++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            run();
            if (rep == 0) continue;
            times.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        var peakMb = (PeakMemory.ReadPeak() - baseline) / (1024.0 * 1024.0);
        const double mb = 1024.0 * 1024.0;
        var tensors = string.Create(CultureInfo.InvariantCulture,
            $",\"peakTensorMB\":{TensorMemory.PeakLiveBytes / mb:F0},\"peakSavedMB\":{TensorMemory.PeakSavedBytes / mb:F0},\"pooledMB\":{TensorMemory.PooledBytes / mb:F0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"op\":\"h3denet\",\"head\":\"{head}\",\"pass\":\"{pass}\",\"seconds\":{times.Min():G6},\"peakMemoryMB\":{peakMb:F0},\"threads\":{threads},\"cpuSeconds\":{cpu.Min():G4}{tensors}}}"));
        return 0;
    }
}

/// <summary>The process's resident set, read from /proc/self/status (Linux); zeros elsewhere.</summary>
internal static class PeakMemory
{
    /// <summary>Resets the peak resident set to the current one and returns the current resident set in bytes.</summary>
    internal static long ResetAndReadRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return Read("VmRSS:");
    }

    /// <summary>The peak resident set in bytes since the last reset.</summary>
    internal static long ReadPeak() => Read("VmHWM:");

    private static long Read(string key)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
