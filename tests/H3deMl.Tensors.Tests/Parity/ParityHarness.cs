using System.Collections;
using System.Text;
using H3deMl.TestKit;
using Xunit.Sdk;

namespace H3deMl.Tensors.Tests.Parity;

/// <summary>
/// Runs one fixture case: builds the input leaves (and their non-contiguous views), calls the op, compares every output
/// with the PyTorch output, back-propagates the stored upstream gradients and compares every leaf gradient. All
/// mismatches of a case are reported together, each with its max abs/rel error and where it occurred.
/// </summary>
/// <remarks>
/// Tolerance: an element passes when |actual − expected| ≤ atol + rtol·|expected| with rtol from the case's class
/// (1e-5 exact, 1e-4 approx) and atol = max(0.1·rtol·max|expected|, floor) (see <see cref="Tolerance.ScaledAtol"/>).
/// Fixture inputs and upstream gradients are unit-scale (|v| ≲ 3), so float32 cancellation leaves absolute errors of a
/// few 1e-7 in values that are small only because O(1) terms cancelled (the gradient of a saturated softmax row, a
/// normalisation gradient that is zero in exact arithmetic). The floors absorb exactly that: 1e-7 for outputs (about
/// one ulp of 1.0) and 1e-6 for gradients (about 8 ulps of 1.0, since a backward pass chains several roundings).
/// </remarks>
internal static class ParityHarness
{
    internal const double OutputAtolFloor = 1e-7;
    internal const double GradientAtolFloor = 1e-6;

    /// <summary>
    /// Runs the case twice: with ordinary (garbage-collected) memory, then inside a <see cref="TensorScope"/> after the
    /// shared pool was stocked with NaN-filled buffers, so that an op that leaves an element of a fresh buffer unwritten
    /// (or accumulates into one) shows NaN instead of silently reading zeros.
    /// </summary>
    internal static void Run(string op, string caseName, Func<ParityCase, ParityInputs, ParityOutputs> forward)
    {
        var c = ParityFixtures.Get(op, caseName);
        var problems = RunOnce(c, forward);
        if (problems.Count == 0)
        {
            PoisonPool();
            using var scope = new TensorScope();
            problems = RunOnce(c, forward).Select(p => "[inside a TensorScope with NaN-filled pooled buffers] " + p).ToList();
        }
        if (problems.Count == 0)
            problems = RunOnce(c, forward, transposedUpstream: true).Select(p => "[upstream gradient given as a non-contiguous (transposed-storage) view] " + p).ToList();
        if (problems.Count == 0) return;
        var sb = new StringBuilder().Append(c).Append(" (").Append(c.ToleranceClass).Append(", rtol ").Append(c.Rtol).Append(") differs from PyTorch:");
        foreach (var p in problems) sb.Append("\n  - ").Append(p);
        throw new XunitException(sb.ToString());
    }

    /// <summary>Returns NaN-filled buffers of every pool size class up to 2¹⁷ floats to the shared pool.</summary>
    private static void PoisonPool()
    {
        using var scope = new TensorScope();
        for (var bits = 12; bits <= 17; bits++)
            for (var i = 0; i < 3; i++)
                Tensor.Full(float.NaN, 1 << bits);
    }

    /// <param name="transposedUpstream">
    /// Pass the upstream gradient to Backward as a non-contiguous view (transposed storage, same values), so a
    /// single-output op's backward receives a strided gradient (rank ≥ 2 outputs only).
    /// </param>
    private static List<string> RunOnce(ParityCase c, Func<ParityCase, ParityInputs, ParityOutputs> forward, bool transposedUpstream = false)
    {
        var inputs = new ParityInputs(c);
        var outputs = forward(c, inputs);
        var problems = new List<string>();

        // Forward.
        var backward = new List<(Tensor Output, Tensor GradOut)>();
        foreach (var spec in c.Outputs)
        {
            var expected = ParityFixtures.Array(spec.File);
            if (!expected.IsFloat)
            {
                if (!outputs.Indices.TryGetValue(spec.Name, out var idx)) { problems.Add($"output '{spec.Name}': the test produced no index output of that name."); continue; }
                CompareIndices(spec.Name, idx, expected, problems);
                continue;
            }
            if (!outputs.Tensors.TryGetValue(spec.Name, out var actual)) { problems.Add($"output '{spec.Name}': the test produced no tensor output of that name."); continue; }
            if (!actual.Shape.SequenceEqual(expected.Shape))
            {
                problems.Add($"output '{spec.Name}': shape {Tolerance.FormatShape(actual.Shape)}, expected {Tolerance.FormatShape(expected.Shape)}.");
                continue;
            }
            Check($"output '{spec.Name}'", actual.ToArray(), expected, c.Rtol, OutputAtolFloor, problems);
            if (spec.GradOutFile is not null)
            {
                var g = ParityFixtures.Array(spec.GradOutFile);
                var gout = Tensor.FromArray(g.AsFloat(), g.Shape);
                // Same values, transposed storage: a non-contiguous view.
                if (transposedUpstream && gout.Rank >= 2) gout = gout.Transpose(0, -1).Contiguous().Transpose(0, -1);
                backward.Add((actual, gout));
            }
        }

        // Backward: d(Σ_i <out_i, gout_i>)/d(leaf), as the generator computed it.
        if (c.Grads.Count > 0 && backward.Count > 0)
        {
            foreach (var (o, _) in backward)
                if (!o.RequiresGrad) problems.Add($"an output of shape {Tolerance.FormatShape(o.Shape)} does not require a gradient although an input does (the op was not recorded).");
            if (backward.All(b => b.Output.RequiresGrad))
            {
                try
                {
                    if (backward.Count == 1)
                    {
                        backward[0].Output.Backward(backward[0].GradOut);
                    }
                    else
                    {
                        Tensor? objective = null;
                        foreach (var (o, g) in backward)
                        {
                            var term = (o * g).Sum();
                            objective = objective is null ? term : objective + term;
                        }
                        objective!.Backward();
                    }
                    foreach (var spec in c.Grads)
                    {
                        var leaf = inputs.Leaf(spec.Name);
                        var expected = ParityFixtures.Array(spec.File);
                        if (leaf.Grad is null) { problems.Add($"grad '{spec.Name}': null after Backward()."); continue; }
                        if (!leaf.Grad.Shape.SequenceEqual(expected.Shape))
                        {
                            problems.Add($"grad '{spec.Name}': shape {Tolerance.FormatShape(leaf.Grad.Shape)}, expected {Tolerance.FormatShape(expected.Shape)}.");
                            continue;
                        }
                        Check($"grad '{spec.Name}'", leaf.Grad.ToArray(), expected, c.Rtol, GradientAtolFloor, problems);
                    }
                }
                catch (Exception e) when (e is not XunitException)
                {
                    problems.Add($"Backward() threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
            }
        }
        else if (c.Grads.Count > 0)
        {
            problems.Add("the fixture has gradients but no output carries an upstream gradient.");
        }

        return problems;
    }

    private static void Check(string what, float[] actual, NpyArray expected, double rtol, double atolFloor, List<string> problems)
    {
        var e = expected.AsFloat();
        var report = Tolerance.Compare(actual, e, rtol, Math.Max(atolFloor, Tolerance.ScaledAtol(e, rtol)));
        if (report.Failures > 0) problems.Add(report.Describe(what, expected.Shape, rtol));
    }

    private static void CompareIndices(string name, IndexTensor actual, NpyArray expected, List<string> problems)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            problems.Add($"indices '{name}': shape {Tolerance.FormatShape(actual.Shape)}, expected {Tolerance.FormatShape(expected.Shape)}.");
            return;
        }
        var e = expected.AsInt32();
        var wrong = 0;
        var first = -1;
        for (var i = 0; i < e.Length; i++)
        {
            if (actual.Data[i] == e[i]) continue;
            wrong++;
            if (first < 0) first = i;
        }
        if (wrong > 0)
            problems.Add($"indices '{name}': {wrong} of {e.Length} differ; first at {Tolerance.FormatIndex(first, expected.Shape)}: {actual.Data[first]} vs {e[first]}.");
    }
}

/// <summary>The inputs of a case: leaves (with <see cref="Tensor.RequiresGrad"/> as recorded) and the views the op receives.</summary>
internal sealed class ParityInputs
{
    private readonly Dictionary<string, Tensor> _leaves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _views = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexTensor> _indices = new(StringComparer.Ordinal);
    private readonly ParityCase _case;

    internal ParityInputs(ParityCase c)
    {
        _case = c;
        foreach (var spec in c.Inputs)
        {
            var a = ParityFixtures.Array(spec.File);
            if (!a.IsFloat)
            {
                _indices[spec.Name] = new IndexTensor(a.AsInt32(), a.Shape);
                continue;
            }
            var leaf = Tensor.FromArray(a.AsFloat(), a.Shape);
            leaf.RequiresGrad = spec.RequiresGrad;
            var view = leaf;
            if (spec.Permute is not null) view = view.Permute(spec.Permute);
            if (spec.Slice is not null) view = view.Slice(spec.Slice[0], spec.Slice[1], spec.Slice[2]);
            if ((spec.Permute is not null || spec.Slice is not null) && view.IsContiguous)
                throw new InvalidOperationException($"{c}: input '{spec.Name}' should be a non-contiguous view but is contiguous.");
            _leaves[spec.Name] = leaf;
            _views[spec.Name] = view;
        }
    }

    /// <summary>The (possibly non-contiguous) tensor the op receives for input <paramref name="name"/>.</summary>
    internal Tensor this[string name] =>
        _views.TryGetValue(name, out var t) ? t : throw new InvalidOperationException($"{_case}: no float input named '{name}'.");

    /// <summary>The input or null when the case has no input of that name (an optional bias).</summary>
    internal Tensor? Optional(string name) => _views.GetValueOrDefault(name);

    /// <summary>The index input <paramref name="name"/>.</summary>
    internal IndexTensor Index(string name) =>
        _indices.TryGetValue(name, out var t) ? t : throw new InvalidOperationException($"{_case}: no index input named '{name}'.");

    /// <summary>The leaf behind input <paramref name="name"/> (whose gradient is compared).</summary>
    internal Tensor Leaf(string name) =>
        _leaves.TryGetValue(name, out var t) ? t : throw new InvalidOperationException($"{_case}: no float input named '{name}'.");

    /// <summary>The inputs named x0, x1, … in order.</summary>
    internal Tensor[] Numbered(string prefix, int count) => Enumerable.Range(0, count).Select(i => this[prefix + i]).ToArray();
}

/// <summary>The outputs an op produced, by manifest name; supports collection initialisers.</summary>
internal sealed class ParityOutputs : IEnumerable
{
    internal Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, IndexTensor> Indices { get; } = new(StringComparer.Ordinal);

    internal void Add(string name, Tensor t) => Tensors.Add(name, t);

    internal void Add(string name, IndexTensor t) => Indices.Add(name, t);

    /// <summary>A single output named "out".</summary>
    public static implicit operator ParityOutputs(Tensor t) => new() { { "out", t } };

    IEnumerator IEnumerable.GetEnumerator() => Tensors.Keys.Concat(Indices.Keys).GetEnumerator();
}
