using System.Collections.Concurrent;
using System.Text.Json;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Parity;

/// <summary>
/// The PyTorch parity fixtures written by <c>generate_parity_fixtures.py</c> and copied beside the test assembly:
/// <c>Parity/Fixtures/manifest.json</c> plus one .npy file per array. See the script's docstring for the layout.
/// </summary>
public static class ParityFixtures
{
    private static readonly Lazy<Manifest> s_manifest = new(LoadManifest);
    private static readonly ConcurrentDictionary<string, NpyArray> s_arrays = new();

    /// <summary>The folder holding manifest.json.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Parity", "Fixtures");

    /// <summary>Every op whose cases a parity test consumes. <see cref="ManifestTests"/> checks this equals the manifest's op set.</summary>
    public static readonly IReadOnlySet<string> CoveredOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "add", "sub", "mul", "div", "add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar", "rdiv_scalar",
        "neg", "exp", "log", "sqrt", "square", "abs", "pow", "clamp",
        "relu", "leaky_relu", "sigmoid", "tanh", "gelu", "softmax", "log_softmax",
        "sum", "mean",
        "reshape", "permute", "transpose", "slice", "unsqueeze", "squeeze",
        "linear", "matmul", "conv3d", "avg_pool3d", "upsample_trilinear", "instance_norm", "layer_norm",
        "concat", "split", "pad", "gather", "batched_index_select", "topk", "where",
        "mse_loss", "smooth_l1_loss", "bce_with_logits",
    };

    /// <summary>The parsed manifest.</summary>
    internal static Manifest Data => s_manifest.Value;

    /// <summary>Theory data: the case names of <paramref name="op"/> (one test case each, displayed by name).</summary>
    public static TheoryData<string> Cases(string op)
    {
        var data = new TheoryData<string>();
        var any = false;
        foreach (var c in Data.Cases)
        {
            if (c.Op != op) continue;
            data.Add(c.Name);
            any = true;
        }
        if (!any) throw new InvalidOperationException($"The parity manifest {Path.Combine(Root, "manifest.json")} has no cases for op '{op}'; rerun generate_parity_fixtures.py.");
        return data;
    }

    /// <summary>The case <paramref name="name"/> of <paramref name="op"/>.</summary>
    public static ParityCase Get(string op, string name) =>
        Data.Cases.FirstOrDefault(c => c.Op == op && c.Name == name)
        ?? throw new InvalidOperationException($"The parity manifest has no case '{op}/{name}'.");

    /// <summary>Reads (and caches) a fixture array by its manifest-relative file name.</summary>
    public static NpyArray Array(string file) => s_arrays.GetOrAdd(file, f => Npy.Read(Path.Combine(Root, f)));

    private static Manifest LoadManifest()
    {
        var path = Path.Combine(Root, "manifest.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the parity manifest is missing; the test project copies Parity/Fixtures/** to the output (run generate_parity_fixtures.py to recreate it).", path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var tolerances = root.GetProperty("tolerances");
        var cases = new List<ParityCase>();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var tol = c.GetProperty("tolerance").GetString()!;
            cases.Add(new ParityCase
            {
                Op = c.GetProperty("op").GetString()!,
                Name = c.GetProperty("case").GetString()!,
                ToleranceClass = tol,
                Rtol = tolerances.GetProperty(tol).GetDouble(),
                Params = c.GetProperty("params").Clone(),
                Inputs = c.GetProperty("inputs").EnumerateArray().Select(i => new ParityInputSpec(
                    i.GetProperty("name").GetString()!,
                    i.GetProperty("file").GetString()!,
                    i.GetProperty("requires_grad").GetBoolean(),
                    i.TryGetProperty("permute", out var p) ? p.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null,
                    i.TryGetProperty("slice", out var s) ? s.EnumerateArray().Select(e => e.GetInt32()).ToArray() : null)).ToArray(),
                Outputs = c.GetProperty("outputs").EnumerateArray().Select(o => new ParityOutputSpec(
                    o.GetProperty("name").GetString()!,
                    o.GetProperty("file").GetString()!,
                    o.TryGetProperty("grad_out", out var g) ? g.GetString() : null)).ToArray(),
                Grads = c.GetProperty("grads").EnumerateArray().Select(g => new ParityGradSpec(
                    g.GetProperty("name").GetString()!,
                    g.GetProperty("file").GetString()!)).ToArray(),
            });
        }
        return new Manifest(
            root.GetProperty("torch_version").GetString()!,
            root.GetProperty("numpy_version").GetString()!,
            root.GetProperty("seed").GetInt64(),
            cases);
    }

    internal sealed record Manifest(string TorchVersion, string NumpyVersion, long Seed, IReadOnlyList<ParityCase> Cases);
}

/// <summary>One input of a case: the stored array is the leaf; <see cref="Permute"/>/<see cref="Slice"/> make the view the op receives.</summary>
public sealed record ParityInputSpec(string Name, string File, bool RequiresGrad, int[]? Permute, int[]? Slice);

/// <summary>One output of a case and the file of its upstream gradient (null when it has none, e.g. indices).</summary>
public sealed record ParityOutputSpec(string Name, string File, string? GradOutFile);

/// <summary>The expected gradient of one input leaf.</summary>
public sealed record ParityGradSpec(string Name, string File);

/// <summary>One fixture case: op, name, tolerance class, parameters and array files.</summary>
public sealed class ParityCase
{
    /// <summary>The op key (e.g. "conv3d").</summary>
    public required string Op { get; init; }

    /// <summary>The case name, unique within the op.</summary>
    public required string Name { get; init; }

    /// <summary>"exact" or "approx".</summary>
    public required string ToleranceClass { get; init; }

    /// <summary>The relative tolerance of <see cref="ToleranceClass"/>.</summary>
    public required double Rtol { get; init; }

    /// <summary>The op's parameters as written by the generator.</summary>
    public required JsonElement Params { get; init; }

    /// <summary>Inputs in the order the generator listed them.</summary>
    public required IReadOnlyList<ParityInputSpec> Inputs { get; init; }

    /// <summary>Outputs in the order the generator listed them.</summary>
    public required IReadOnlyList<ParityOutputSpec> Outputs { get; init; }

    /// <summary>Expected leaf gradients.</summary>
    public required IReadOnlyList<ParityGradSpec> Grads { get; init; }

    /// <summary>True when the parameter is absent or JSON null.</summary>
    public bool IsNull(string key) => !Params.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null;

    /// <summary>An integer parameter.</summary>
    public int Int(string key) => Params.GetProperty(key).GetInt32();

    /// <summary>A float parameter.</summary>
    public float Float(string key) => (float)Params.GetProperty(key).GetDouble();

    /// <summary>A float parameter, or <paramref name="fallback"/> when null.</summary>
    public float FloatOr(string key, float fallback) => IsNull(key) ? fallback : Float(key);

    /// <summary>A boolean parameter.</summary>
    public bool Bool(string key) => Params.GetProperty(key).GetBoolean();

    /// <summary>A string parameter.</summary>
    public string String(string key) => Params.GetProperty(key).GetString()!;

    /// <summary>An integer-array parameter.</summary>
    public int[] Ints(string key) => Params.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>The <see cref="Reduction"/> named by the "reduction" parameter.</summary>
    public Reduction Reduction => String("reduction") switch
    {
        "mean" => Reduction.Mean,
        "sum" => Reduction.Sum,
        "none" => Reduction.None,
        var r => throw new InvalidOperationException($"Unknown reduction '{r}' in case {Op}/{Name}."),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Op}/{Name}";
}
