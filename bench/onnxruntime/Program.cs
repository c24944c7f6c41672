// H3DE-Net forward: H3deMl against ONNX Runtime on the same exported graph, in the same run.
//   bench/onnxruntime/run.sh [--threads N] [--reps R] [--size A0,A1,A2]
// Prints one JSON line per implementation ({"op":"h3denet","impl":"h3deml"|"onnxruntime",...}) and one with the
// largest differences between the two outputs.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using H3deMl;
using H3deMl.Onnx;
using H3deMl.Onnx.Export;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Randomness;
using H3deMl.Tensors.Threading;
using H3deMl.Trainers.Network;

int threads = 2, reps = 2;
int[] size = [128, 128, 64];
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--threads") threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--reps") reps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    if (args[i] == "--size") size = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
var script = Path.Combine(Directory.GetCurrentDirectory(), "bench_h3denet_ort.js");
if (!File.Exists(script)) script = Path.Combine(Directory.GetCurrentDirectory(), "bench", "onnxruntime", "bench_h3denet_ort.js");

ComputeSettings.Threads = threads;
var architecture = H3deNetArchitecture.Reference with { Head = H3deHead.Both };
var network = new H3deNet(architecture, new RandomStream(5));
network.Eval();
var caseName = $"reference-both-1x1x{size[0]}x{size[1]}x{size[2]}";

// The parity input of the ONNX tests: fround(0.8 sin(0.37 i) + 0.1 cos(0.05 i)).
var count = size[0] * size[1] * size[2];
var data = new float[count];
for (var i = 0; i < count; i++) data[i] = (float)(0.8 * Math.Sin(0.37 * i) + 0.1 * Math.Cos(0.05 * i));
var input = Tensor.FromArray(data, 1, 1, size[0], size[1], size[2]);

var work = Directory.CreateTempSubdirectory("h3deml-ort-bench-");
try
{
    var modelPath = Path.Combine(work.FullName, "h3denet.onnx");
    using (var file = File.Create(modelPath)) network.ToOnnxModel((size[0], size[1], size[2])).WriteTo(file);

    H3deNetOutput ours;
    var seconds = new List<double>();
    using (GradMode.NoGrad())
    {
        ours = network.Forward(input); // warm-up (JIT, buffer pools)
        for (var r = 0; r < reps; r++)
        {
            var watch = Stopwatch.StartNew();
            ours = network.Forward(input);
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
    }
    Console.WriteLine(JsonSerializer.Serialize(new { op = "h3denet", impl = "h3deml", head = "both", @case = caseName, pass = "forward", threads, seconds = seconds.Min(), runs = seconds }));

    var node = Process.Start(new ProcessStartInfo("node", [script, modelPath, "--threads", threads.ToString(CultureInfo.InvariantCulture),
        "--reps", reps.ToString(CultureInfo.InvariantCulture), "--case", caseName, "--dump", work.FullName])
    { RedirectStandardOutput = true })!;
    var ortLine = node.StandardOutput.ReadToEnd().Split('\n').FirstOrDefault(l => l.StartsWith('{'));
    node.WaitForExit();
    if (node.ExitCode != 0 || ortLine is null)
    {
        Console.Error.WriteLine("onnxruntime run failed (npm install onnxruntime-node --ignore-scripts in bench/onnxruntime?)");
        return 1;
    }
    Console.WriteLine(ortLine);
    var ortSeconds = JsonDocument.Parse(ortLine).RootElement.GetProperty("seconds").GetDouble();

    var diffs = new Dictionary<string, object>();
    foreach (var (name, tensor) in new[] { ("heatmap", ours.Heatmap!), ("anchors", ours.Anchors!) })
    {
        var theirs = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(work.FullName, name + ".f32")));
        var mine = tensor.ToArray();
        double maxAbs = 0, maxRef = 0;
        for (var i = 0; i < mine.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(mine[i] - theirs[i]));
            maxRef = Math.Max(maxRef, Math.Abs(theirs[i]));
        }
        diffs[name] = new { max_abs = maxAbs, max_abs_over_max_ref = maxAbs / maxRef };
    }
    Console.WriteLine(JsonSerializer.Serialize(new { op = "h3denet", impl = "h3deml/onnxruntime", head = "both", @case = caseName, pass = "forward", threads, time_ratio = seconds.Min() / ortSeconds, outputs = diffs }));
    return 0;
}
finally
{
    work.Delete(recursive: true);
}
