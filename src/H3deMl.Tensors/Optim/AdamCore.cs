using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using H3deMl.Tensors.NN;

namespace H3deMl.Tensors.Optim;

/// <summary>The state and update shared by <see cref="Adam"/> and <see cref="AdamW"/>: per-parameter step counts and moments.</summary>
internal sealed class AdamCore
{
    private readonly IReadOnlyList<ModuleParameter> _parameters;
    private readonly double _beta1, _beta2, _epsilon;
    private readonly long[] _steps;
    private readonly float[]?[] _expAvg;
    private readonly float[]?[] _expAvgSq;

    internal AdamCore(IReadOnlyList<ModuleParameter> parameters, double beta1, double beta2, double epsilon)
    {
        _parameters = parameters;
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _steps = new long[parameters.Count];
        _expAvg = new float[]?[parameters.Count];
        _expAvgSq = new float[]?[parameters.Count];
    }

    internal static void Validate(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    {
        if (!double.IsFinite(learningRate) || learningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(AdamOptions.LearningRate), learningRate, "The learning rate must be finite and non-negative.");
        if (!(beta1 >= 0 && beta1 < 1))
            throw new ArgumentOutOfRangeException(nameof(AdamOptions.Beta1), beta1, "Beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(AdamOptions.Beta2), beta2, "Beta2 must be in [0, 1).");
        if (!double.IsFinite(epsilon) || epsilon < 0)
            throw new ArgumentOutOfRangeException(nameof(AdamOptions.Epsilon), epsilon, "Epsilon must be finite and non-negative.");
        if (!double.IsFinite(weightDecay) || weightDecay < 0)
            throw new ArgumentOutOfRangeException(nameof(AdamOptions.WeightDecay), weightDecay, "The weight decay must be finite and non-negative.");
    }

    internal void Step(Optimizer owner, double lr, double l2, double decoupled)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            var g = owner.GradientOf(i);
            if (g is null) continue;
            var p = _parameters[i];
            var n = p.Length;
            var m = _expAvg[i] ??= new float[n];
            var v = _expAvgSq[i] ??= new float[n];
            var step = ++_steps[i];
            // As PyTorch: Python floats (double) for the scalars, rounded to float32 where they meet the tensors.
            var biasCorrection1 = 1 - Math.Pow(_beta1, step);
            var biasCorrection2 = 1 - Math.Pow(_beta2, step);
            var c = new Coefficients
            {
                DecayScale = (float)(1 - lr * decoupled),
                HasDecoupled = decoupled != 0,
                L2 = (float)l2,
                HasL2 = l2 != 0,
                Beta1 = (float)_beta1,
                OneMinusBeta1 = (float)(1 - _beta1),
                Beta2 = (float)_beta2,
                OneMinusBeta2 = (float)(1 - _beta2),
                BiasCorrection2Sqrt = (float)Math.Sqrt(biasCorrection2),
                Epsilon = (float)_epsilon,
                NegativeStepSize = (float)-(lr / biasCorrection1),
            };
            Update(p.Value.AsSpan(), g.AsReadOnlySpan(), m, v, c);
        }
    }

    internal struct Coefficients
    {
        public float DecayScale, L2, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, BiasCorrection2Sqrt, Epsilon, NegativeStepSize;
        public bool HasDecoupled, HasL2;
    }

    /// <summary>The element-wise update; every vector width and the scalar tail perform the same IEEE operations in the same order.</summary>
    /// <param name="param">Parameters, updated in place.</param>
    /// <param name="grad">Gradients.</param>
    /// <param name="expAvg">First moments, updated in place.</param>
    /// <param name="expAvgSq">Second moments, updated in place.</param>
    /// <param name="c">The step's coefficients.</param>
    /// <param name="maxVectorBits">The widest vector path allowed (512, 256, 128, or 0 for scalar only); tests use it to run every path.</param>
    internal static void Update(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, in Coefficients c, int maxVectorBits = 512)
    {
        var n = param.Length;
        if (grad.Length != n || expAvg.Length != n || expAvgSq.Length != n)
            throw new ArgumentException("Internal error: Adam buffers of different lengths.");
        ref var p = ref MemoryMarshal.GetReference(param);
        ref var g = ref MemoryMarshal.GetReference(grad);
        ref var m = ref MemoryMarshal.GetReference(expAvg);
        ref var v = ref MemoryMarshal.GetReference(expAvgSq);
        var i = 0;
        if (maxVectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var pv = Vector512.LoadUnsafe(ref p, (nuint)i);
                var gv = Vector512.LoadUnsafe(ref g, (nuint)i);
                var mv = Vector512.LoadUnsafe(ref m, (nuint)i);
                var vv = Vector512.LoadUnsafe(ref v, (nuint)i);
                if (c.HasDecoupled) pv *= Vector512.Create(c.DecayScale);
                if (c.HasL2) gv += Vector512.Create(c.L2) * pv;
                mv = mv * Vector512.Create(c.Beta1) + Vector512.Create(c.OneMinusBeta1) * gv;
                vv = vv * Vector512.Create(c.Beta2) + Vector512.Create(c.OneMinusBeta2) * gv * gv;
                var denom = Vector512.Sqrt(vv) / Vector512.Create(c.BiasCorrection2Sqrt) + Vector512.Create(c.Epsilon);
                pv += Vector512.Create(c.NegativeStepSize) * mv / denom;
                pv.StoreUnsafe(ref p, (nuint)i);
                mv.StoreUnsafe(ref m, (nuint)i);
                vv.StoreUnsafe(ref v, (nuint)i);
            }
        }
        if (maxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var pv = Vector256.LoadUnsafe(ref p, (nuint)i);
                var gv = Vector256.LoadUnsafe(ref g, (nuint)i);
                var mv = Vector256.LoadUnsafe(ref m, (nuint)i);
                var vv = Vector256.LoadUnsafe(ref v, (nuint)i);
                if (c.HasDecoupled) pv *= Vector256.Create(c.DecayScale);
                if (c.HasL2) gv += Vector256.Create(c.L2) * pv;
                mv = mv * Vector256.Create(c.Beta1) + Vector256.Create(c.OneMinusBeta1) * gv;
                vv = vv * Vector256.Create(c.Beta2) + Vector256.Create(c.OneMinusBeta2) * gv * gv;
                var denom = Vector256.Sqrt(vv) / Vector256.Create(c.BiasCorrection2Sqrt) + Vector256.Create(c.Epsilon);
                pv += Vector256.Create(c.NegativeStepSize) * mv / denom;
                pv.StoreUnsafe(ref p, (nuint)i);
                mv.StoreUnsafe(ref m, (nuint)i);
                vv.StoreUnsafe(ref v, (nuint)i);
            }
        }
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var pv = Vector128.LoadUnsafe(ref p, (nuint)i);
                var gv = Vector128.LoadUnsafe(ref g, (nuint)i);
                var mv = Vector128.LoadUnsafe(ref m, (nuint)i);
                var vv = Vector128.LoadUnsafe(ref v, (nuint)i);
                if (c.HasDecoupled) pv *= Vector128.Create(c.DecayScale);
                if (c.HasL2) gv += Vector128.Create(c.L2) * pv;
                mv = mv * Vector128.Create(c.Beta1) + Vector128.Create(c.OneMinusBeta1) * gv;
                vv = vv * Vector128.Create(c.Beta2) + Vector128.Create(c.OneMinusBeta2) * gv * gv;
                var denom = Vector128.Sqrt(vv) / Vector128.Create(c.BiasCorrection2Sqrt) + Vector128.Create(c.Epsilon);
                pv += Vector128.Create(c.NegativeStepSize) * mv / denom;
                pv.StoreUnsafe(ref p, (nuint)i);
                mv.StoreUnsafe(ref m, (nuint)i);
                vv.StoreUnsafe(ref v, (nuint)i);
            }
        }
        for (; i < n; i++) UpdateScalar(ref Unsafe.Add(ref p, i), Unsafe.Add(ref g, i), ref Unsafe.Add(ref m, i), ref Unsafe.Add(ref v, i), c);
    }

    /// <summary>The reference form of one element's update (the vector paths must match it bit for bit).</summary>
    internal static void UpdateScalar(ref float p, float g, ref float m, ref float v, in Coefficients c)
    {
        if (c.HasDecoupled) p *= c.DecayScale;
        if (c.HasL2) g += c.L2 * p;
        m = m * c.Beta1 + c.OneMinusBeta1 * g;
        v = v * c.Beta2 + c.OneMinusBeta2 * g * g;
        var denom = MathF.Sqrt(v) / c.BiasCorrection2Sqrt + c.Epsilon;
        p += c.NegativeStepSize * m / denom;
    }

    internal OptimizerState GetState(string kind, double lr, double weightDecay)
    {
        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        var values = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["lr"] = Optimizer.Format(lr),
            ["beta1"] = Optimizer.Format(_beta1),
            ["beta2"] = Optimizer.Format(_beta2),
            ["eps"] = Optimizer.Format(_epsilon),
            ["weight_decay"] = Optimizer.Format(weightDecay),
            ["parameter_count"] = Optimizer.Format((long)_parameters.Count),
        };
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (_expAvg[i] is null) continue;
            var shape = _parameters[i].Shape.ToArray();
            var key = "state." + i.ToString(CultureInfo.InvariantCulture);
            values[key + ".step"] = Optimizer.Format(_steps[i]);
            tensors[key + ".exp_avg"] = Tensor.Wrap((float[])_expAvg[i]!.Clone(), shape);
            tensors[key + ".exp_avg_sq"] = Tensor.Wrap((float[])_expAvgSq[i]!.Clone(), shape);
        }
        return new OptimizerState(kind, tensors, values);
    }

    /// <summary>Restores the moments and step counts; returns the learning rate to set.</summary>
    internal double SetState(string kind, OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var problems = new List<string>();
        if (state.OptimizerKind != kind) problems.Add($"the state is from {state.OptimizerKind}, not {kind}");
        var lr = OptimizerState.ParseDouble(state.Values, "lr", problems);
        if (!double.IsFinite(lr) || lr < 0) problems.Add($"the learning rate {lr} is not finite and non-negative");
        var count = OptimizerState.ParseLong(state.Values, "parameter_count", problems);
        if (count != _parameters.Count) problems.Add($"the state is for {count} parameters but this optimiser has {_parameters.Count}");

        var steps = new long[_parameters.Count];
        var m = new float[]?[_parameters.Count];
        var v = new float[]?[_parameters.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _parameters.Count; i++)
        {
            var key = "state." + i.ToString(CultureInfo.InvariantCulture);
            var hasM = state.Tensors.TryGetValue(key + ".exp_avg", out var mt);
            var hasV = state.Tensors.TryGetValue(key + ".exp_avg_sq", out var vt);
            if (!hasM && !hasV && !state.Values.ContainsKey(key + ".step")) continue;
            used.Add(key + ".exp_avg");
            used.Add(key + ".exp_avg_sq");
            steps[i] = OptimizerState.ParseLong(state.Values, key + ".step", problems);
            var shape = _parameters[i].Shape;
            foreach (var (name, t, has) in new[] { (key + ".exp_avg", mt, hasM), (key + ".exp_avg_sq", vt, hasV) })
            {
                if (!has) problems.Add($"tensor '{name}' is missing");
                else if (!t!.Shape.SequenceEqual(shape)) problems.Add($"tensor '{name}' has shape {TensorShape.Format(t.Shape)} but parameter {i} has {TensorShape.Format(shape)}");
            }
            if (hasM && hasV && mt!.Shape.SequenceEqual(shape) && vt!.Shape.SequenceEqual(shape))
            {
                m[i] = mt.ToArray();
                v[i] = vt.ToArray();
            }
        }
        foreach (var k in state.Tensors.Keys)
            if (!used.Contains(k)) problems.Add($"tensor '{k}' belongs to no parameter");
        if (problems.Count > 0)
            throw new ArgumentException($"The {state.OptimizerKind} state does not fit this {kind} optimiser: " + string.Join("; ", problems) + ".", nameof(state));

        Array.Copy(steps, _steps, steps.Length);
        Array.Copy(m, _expAvg, m.Length);
        Array.Copy(v, _expAvgSq, v.Length);
        return lr;
    }
}
