using H3deMl.Tensors.NN;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.Tests.Optim;

public sealed class OptimizerStateTests(OptimFixture fixture) : IClassFixture<OptimFixture>
{
    private static int[] ParamBits(IEnumerable<ModuleParameter> ps) =>
        ps.SelectMany(p => p.Value.ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveLoadState_MidRun_ResumesBitIdentically(bool decoupled)
    {
        Optimizer Make(IEnumerable<ModuleParameter> ps) => decoupled
            ? new AdamW(ps, new AdamWOptions { LearningRate = 1e-2, WeightDecay = 0.05 })
            : new Adam(ps, new AdamOptions { LearningRate = 1e-3, Beta2 = 0.98, WeightDecay = 5e-4 });

        // Uninterrupted: 8 steps with the exponential schedule stepped after each.
        var straight = new OptimizerParityTests.Holder(fixture.Shapes, fixture.Initial);
        var ps = straight.Parameters().ToList();
        var opt = Make(ps);
        var sched = new ExponentialLr(opt, new ExponentialLrOptions { Gamma = 0.5, MinimumFraction = 0 });
        for (var s = 0; s < 8; s++)
        {
            OptimizerParityTests.SetGradients(ps, fixture.Gradients[s], fixture.Shapes);
            opt.Step();
            sched.Step();
        }

        // Interrupted after 4 steps: weights, optimiser state and schedule state go through files.
        var dir = Directory.CreateTempSubdirectory("h3de-optim-");
        try
        {
            var first = new OptimizerParityTests.Holder(fixture.Shapes, fixture.Initial);
            var ps1 = first.Parameters().ToList();
            var opt1 = Make(ps1);
            var sched1 = new ExponentialLr(opt1, new ExponentialLrOptions { Gamma = 0.5, MinimumFraction = 0 });
            for (var s = 0; s < 4; s++)
            {
                OptimizerParityTests.SetGradients(ps1, fixture.Gradients[s], fixture.Shapes);
                opt1.Step();
                sched1.Step();
            }
            first.SaveSafetensors(Path.Combine(dir.FullName, "weights.safetensors"));
            opt1.GetState().Save(Path.Combine(dir.FullName, "optimizer.safetensors"));
            var scheduleState = sched1.GetState();

            var second = new OptimizerParityTests.Holder(fixture.Shapes, fixture.Shapes.Select(sh => new float[sh.Aggregate(1, (a, b) => a * b)]).ToArray());
            second.LoadSafetensors(Path.Combine(dir.FullName, "weights.safetensors"));
            var ps2 = second.Parameters().ToList();
            var opt2 = Make(ps2);
            var sched2 = new ExponentialLr(opt2, new ExponentialLrOptions { Gamma = 0.5, MinimumFraction = 0 });
            opt2.SetState(OptimizerState.Load(Path.Combine(dir.FullName, "optimizer.safetensors")));
            sched2.SetState(scheduleState);
            for (var s = 4; s < 8; s++)
            {
                OptimizerParityTests.SetGradients(ps2, fixture.Gradients[s], fixture.Shapes);
                opt2.Step();
                sched2.Step();
            }
            Assert.Equal(ParamBits(ps), ParamBits(ps2));
            Assert.Equal(opt.LearningRate, opt2.LearningRate);
            Assert.Equal(sched.Epoch, sched2.Epoch);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void SetState_WrongKindOrShapes_ThrowsListingEveryProblem()
    {
        var a = new OptimizerParityTests.Holder([[3], [2, 2]], [[1f, 2f, 3f], [1f, 2f, 3f, 4f]]);
        var adam = new Adam(a.Parameters());
        foreach (var p in a.Parameters()) p.Grad = Tensor.Ones(p.Shape.ToArray());
        adam.Step();
        var state = adam.GetState();

        var kind = Assert.Throws<ArgumentException>(() => new AdamW(a.Parameters()).SetState(state));
        Assert.Contains("from Adam, not AdamW", kind.Message);

        var b = new OptimizerParityTests.Holder([[3], [4]], [[1f, 2f, 3f], [1f, 2f, 3f, 4f]]);
        var shapes = Assert.Throws<ArgumentException>(() => new Adam(b.Parameters()).SetState(state));
        Assert.Contains("'state.1.exp_avg' has shape [2, 2] but parameter 1 has [4]", shapes.Message);
        Assert.Contains("'state.1.exp_avg_sq' has shape [2, 2]", shapes.Message);
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsSkipped()
    {
        var h = new OptimizerParityTests.Holder([[2], [2]], [[1f, 2f], [3f, 4f]]);
        var ps = h.Parameters().ToList();
        var adam = new Adam(ps, new AdamOptions { WeightDecay = 0.1 });
        ps[0].Grad = Tensor.Ones(2);
        adam.Step();
        Assert.Equal([3f, 4f], ps[1].Value.ToArray());
        Assert.NotEqual([1f, 2f], ps[0].Value.ToArray());
        Assert.False(adam.GetState().Values.ContainsKey("state.1.step"));
        adam.ZeroGrad();
        Assert.Null(ps[0].Grad);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(128)]
    [InlineData(0)]
    public void Update_EveryLengthAndWidth_EqualsScalarReferenceBitForBit(int maxVectorBits)
    {
        var r = new RandomStream(77);
        foreach (var decoupled in new[] { false, true })
            for (var n = 0; n <= 70; n++)
            {
                float[] Rand(double scale) => Enumerable.Range(0, n).Select(_ => (float)(scale * r.NextNormal())).ToArray();
                var p = Rand(1);
                var g = Rand(0.1);
                var m = Rand(0.01);
                var v = Rand(0.001).Select(Math.Abs).ToArray();
                var c = new AdamCore.Coefficients
                {
                    HasDecoupled = decoupled, DecayScale = 0.9995f, HasL2 = !decoupled, L2 = 5e-4f,
                    Beta1 = 0.9f, OneMinusBeta1 = (float)(1 - 0.9), Beta2 = 0.98f, OneMinusBeta2 = (float)(1 - 0.98),
                    BiasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(0.98, 3)), Epsilon = 1e-8f, NegativeStepSize = (float)-(1e-3 / (1 - Math.Pow(0.9, 3))),
                };
                var (ps, ms, vs) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
                for (var i = 0; i < n; i++) AdamCore.UpdateScalar(ref ps[i], g[i], ref ms[i], ref vs[i], c);
                AdamCore.Update(p, g, m, v, c, maxVectorBits);
                Assert.Equal(ps.Select(BitConverter.SingleToInt32Bits), p.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(ms.Select(BitConverter.SingleToInt32Bits), m.Select(BitConverter.SingleToInt32Bits));
                Assert.Equal(vs.Select(BitConverter.SingleToInt32Bits), v.Select(BitConverter.SingleToInt32Bits));
            }
    }

    [Fact]
    public void Options_OutOfRange_ThrowNamingProperty()
    {
        Assert.Equal("Beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions { Beta1 = 1 }.Validate()).ParamName);
        Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamWOptions { Beta2 = -0.1 }.Validate()).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions { LearningRate = double.NaN }.Validate()).ParamName);
        Assert.Equal("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions { WeightDecay = -1 }.Validate()).ParamName);
        Assert.Equal("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamWOptions { Epsilon = double.PositiveInfinity }.Validate()).ParamName);
        Assert.Equal("Gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLrOptions { Gamma = 0 }.Validate()).ParamName);
        Assert.Equal("MinimumFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLrOptions { MinimumFraction = 1 }.Validate()).ParamName);
        Assert.Equal("Epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineLrOptions { Epochs = 0 }.Validate()).ParamName);
        var h = new OptimizerParityTests.Holder([[1]], [[0f]]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(h.Parameters(), new AdamOptions { Beta1 = 2 }));
        Assert.Throws<ArgumentException>(() => new Adam([]));
        var p = h.Parameters().Single();
        Assert.Throws<ArgumentException>(() => new Adam([p, p]));
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByNorm([p], 0)).ParamName);
    }

    [Fact]
    public void ScheduleState_RoundTrip_ContinuesIdentically()
    {
        var h = new OptimizerParityTests.Holder([[1]], [[0f]]);
        var a = new Adam(h.Parameters());
        var s = new ExponentialLr(a);
        for (var i = 0; i < 50; i++) s.Step();
        var state = s.GetState();
        var b = new Adam(h.Parameters());
        var t = new ExponentialLr(b);
        t.SetState(state);
        Assert.Equal(a.LearningRate, b.LearningRate);
        for (var i = 0; i < 150; i++)
        {
            s.Step();
            t.Step();
            Assert.Equal(s.LearningRate, t.LearningRate);
        }
    }
}
