using H3deMl.Tensors.NN;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Optim;

/// <summary>Adam, AdamW, the schedules and clipping against PyTorch 1.13 (Fixtures/optim_fixtures.json).</summary>
public sealed class OptimizerParityTests(OptimFixture fixture) : IClassFixture<OptimFixture>
{
    /// <summary>A module holding the fixture's parameters under "p0", "p1", ….</summary>
    internal sealed class Holder : Module
    {
        public Holder(int[][] shapes, float[][] values)
        {
            for (var i = 0; i < shapes.Length; i++) RegisterParameter("p" + i, Tensor.FromArray(values[i], shapes[i]));
        }
    }

    public static TheoryData<string> AdamCases => new() { "adam_h3de", "adam_default", "adamw" };

    [Theory]
    [MemberData(nameof(AdamCases))]
    public void Step_EightSteps_MatchesPyTorchAfterEveryStep(string name)
    {
        var c = fixture.Root.GetProperty(name);
        var holder = new Holder(fixture.Shapes, fixture.Initial);
        var ps = holder.Parameters().ToList();
        var betas = OptimFixture.Doubles(c.GetProperty("betas"));
        Optimizer opt = name == "adamw"
            ? new AdamW(ps, new AdamWOptions { LearningRate = c.GetProperty("lr").GetDouble(), Beta1 = betas[0], Beta2 = betas[1], Epsilon = c.GetProperty("eps").GetDouble(), WeightDecay = c.GetProperty("weight_decay").GetDouble() })
            : new Adam(ps, new AdamOptions { LearningRate = c.GetProperty("lr").GetDouble(), Beta1 = betas[0], Beta2 = betas[1], Epsilon = c.GetProperty("eps").GetDouble(), WeightDecay = c.GetProperty("weight_decay").GetDouble() });
        var history = c.GetProperty("history").EnumerateArray().ToArray();
        for (var step = 0; step < history.Length; step++)
        {
            SetGradients(ps, fixture.Gradients[step], fixture.Shapes);
            var before = ps.Select(p => p.Value.ToArray()).ToArray();
            opt.Step();
            var expected = history[step].EnumerateArray().ToArray();
            var expectedBefore = step == 0 ? fixture.Initial.Select(a => a.Select(v => (double)v).ToArray()).ToArray() : history[step - 1].EnumerateArray().Select(OptimFixture.Doubles).ToArray();
            for (var i = 0; i < ps.Count; i++)
            {
                var after = ps[i].Value.ToArray();
                var target = OptimFixture.Doubles(expected[i]);
                Tolerance.AssertClose(after, target, 2e-6, $"{name} step {step + 1} parameter {i}");
                // The update itself (≈ lr) is far smaller than the parameters, so compare it separately; its precision is
                // limited by float32 parameters (one ulp of |p| ≈ 1 is ~1e-4 of a 1e-3 step).
                if (fixture.Gradients[step][i] is null && name != "adamw") continue;
                var delta = after.Select((v, k) => v - before[i][k]).ToArray();
                var expectedDelta = target.Select((v, k) => v - expectedBefore[i][k]).ToArray();
                Tolerance.AssertClose(delta, expectedDelta, 2e-3, $"{name} step {step + 1} update of parameter {i}");
            }
        }

        var state = opt.GetState();
        foreach (var entry in c.GetProperty("state").EnumerateObject())
        {
            Assert.Equal(entry.Value.GetProperty("step").GetInt32().ToString(), state.Values[$"state.{entry.Name}.step"]);
            Tolerance.AssertClose(state.Tensors[$"state.{entry.Name}.exp_avg"].ToArray(), OptimFixture.Doubles(entry.Value.GetProperty("exp_avg")), 2e-6, "exp_avg " + entry.Name);
            Tolerance.AssertClose(state.Tensors[$"state.{entry.Name}.exp_avg_sq"].ToArray(), OptimFixture.Doubles(entry.Value.GetProperty("exp_avg_sq")), 2e-6, "exp_avg_sq " + entry.Name);
        }
        // Parameter 1 had no gradient on step 4, so PyTorch (and we) stepped it 7 times, the others 8.
        Assert.Equal("7", state.Values["state.1.step"]);
        Assert.Equal("8", state.Values["state.0.step"]);
    }

    internal static void SetGradients(List<ModuleParameter> ps, float[]?[] grads, int[][] shapes)
    {
        for (var i = 0; i < ps.Count; i++)
            ps[i].Grad = grads[i] is { } g ? Tensor.FromArray(g, shapes[i]) : null;
    }

    [Fact]
    public void ExponentialLr_H3deFloor_MatchesReferenceScriptExactly()
    {
        var c = fixture.Root.GetProperty("exponential_floor");
        var expected = OptimFixture.Doubles(c.GetProperty("lrs"));
        var opt = new Adam([new Holder([[1]], [[0f]]).Parameters().Single()], new AdamOptions { LearningRate = c.GetProperty("lr0").GetDouble() });
        var schedule = new ExponentialLr(opt, new ExponentialLrOptions { Gamma = 0.98, MinimumFraction = 0.03 });
        var actual = new List<double> { opt.LearningRate };
        for (var e = 1; e < expected.Length; e++)
        {
            schedule.Step();
            actual.Add(opt.LearningRate);
        }
        Assert.Equal(expected, actual);
        // H3DE-NET.md §6: the rate stops at about 2.97e-5 after 174 steps.
        Assert.Equal(174, actual.Zip(actual.Skip(1)).Count(p => p.First != p.Second));
        Assert.Equal(2.97e-5, actual[^1], 1e-7);
        Assert.Equal(200, schedule.Epoch);
    }

    [Fact]
    public void ExponentialLr_NoFloor_EqualsPyTorchExponentialLr()
    {
        var c = fixture.Root.GetProperty("exponential_plain");
        var expected = OptimFixture.Doubles(c.GetProperty("lrs"));
        var opt = new Adam([new Holder([[1]], [[0f]]).Parameters().Single()], new AdamOptions { LearningRate = c.GetProperty("lr0").GetDouble() });
        var schedule = new ExponentialLr(opt, new ExponentialLrOptions { Gamma = c.GetProperty("gamma").GetDouble(), MinimumFraction = 0 });
        var actual = new List<double> { opt.LearningRate };
        for (var e = 1; e < expected.Length; e++)
        {
            schedule.Step();
            actual.Add(schedule.LearningRate);
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CosineLr_NoWarmup_MatchesPyTorchCosineAnnealing()
    {
        var c = fixture.Root.GetProperty("cosine");
        var expected = OptimFixture.Doubles(c.GetProperty("lrs"));
        var opt = new Adam([new Holder([[1]], [[0f]]).Parameters().Single()], new AdamOptions { LearningRate = c.GetProperty("lr0").GetDouble() });
        var schedule = new CosineLr(opt, new CosineLrOptions { Epochs = c.GetProperty("t_max").GetInt32(), MinimumLearningRate = c.GetProperty("eta_min").GetDouble() });
        Assert.Equal(expected[0], opt.LearningRate);
        for (var e = 1; e < expected.Length; e++)
        {
            schedule.Step();
            // PyTorch steps a recursive form of the same closed form; they agree to double rounding.
            Assert.Equal(expected[e], opt.LearningRate, 1e-15);
        }
        schedule.Step();
        Assert.Equal(c.GetProperty("eta_min").GetDouble(), opt.LearningRate);
    }

    [Fact]
    public void CosineLr_Warmup_LinearThenCosine()
    {
        var opt = new Adam([new Holder([[1]], [[0f]]).Parameters().Single()], new AdamOptions { LearningRate = 1.0 });
        var s = new CosineLr(opt, new CosineLrOptions { Epochs = 12, WarmupEpochs = 2, WarmupStartFactor = 0.2, MinimumLearningRate = 0.1 });
        Assert.Equal(0.2, opt.LearningRate, 1e-15);
        s.Step();
        Assert.Equal(0.6, opt.LearningRate, 1e-15);
        s.Step();
        Assert.Equal(1.0, opt.LearningRate, 1e-15);
        for (var i = 0; i < 5; i++) s.Step();
        Assert.Equal(0.55, opt.LearningRate, 1e-15); // halfway through 10 annealing epochs
        for (var i = 0; i < 5; i++) s.Step();
        Assert.Equal(0.1, opt.LearningRate, 1e-15);
        Assert.Equal("WarmupEpochs", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineLrOptions { Epochs = 3, WarmupEpochs = 3 }.Validate()).ParamName);
    }

    [Theory]
    [InlineData("clip_large")]
    [InlineData("clip_small")]
    public void ClipByNorm_MatchesClipGradNorm(string name)
    {
        var c = fixture.Root.GetProperty(name);
        var grads = c.GetProperty("grads").EnumerateArray().Select(OptimFixture.Floats).ToArray();
        var holder = new Holder(fixture.Shapes, fixture.Shapes.Select(s => new float[s.Aggregate(1, (a, b) => a * b)]).ToArray());
        var ps = holder.Parameters().ToList();
        SetGradients(ps, grads, fixture.Shapes);
        var total = GradientClipping.ClipByNorm(ps, c.GetProperty("max_norm").GetDouble());
        Assert.Equal(c.GetProperty("total_norm").GetDouble(), total, c.GetProperty("total_norm").GetDouble() * 1e-6);
        var clipped = c.GetProperty("clipped").EnumerateArray().ToArray();
        for (var i = 0; i < ps.Count; i++)
        {
            Tolerance.AssertClose(ps[i].Grad!.ToArray(), OptimFixture.Doubles(clipped[i]), 1e-6, $"{name} gradient {i}");
            if (name == "clip_small") Assert.Equal(grads[i], ps[i].Grad!.ToArray()); // below the limit: untouched
        }
    }

    [Fact]
    public void ClipByValue_ClampsEveryElement()
    {
        var holder = new Holder([[4]], [[0f, 0f, 0f, 0f]]);
        var p = holder.Parameters().Single();
        p.Grad = Tensor.FromArray([-3f, 0.5f, 2f, float.NaN], 4);
        GradientClipping.ClipByValue([p], 1.0);
        var g = p.Grad.ToArray();
        Assert.Equal([-1f, 0.5f, 1f], g[..3]);
        Assert.True(float.IsNaN(g[3]));
    }
}
