using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.Tests.Randomness;

public sealed class RandomStreamTests
{
    // Expected values from an independent Python implementation of SplitMix64 seeding + xoshiro256** (the published
    // algorithms); SplitMix64 with seed 0 starts 0xE220A8397B1DCDAF, the well-known first value of that generator.
    [Theory]
    [InlineData(42UL, new[] { 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL, 0xecb8ad4703b360a1UL })]
    [InlineData(0UL, new[] { 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL })]
    public void NextUInt64_KnownSeed_MatchesReferenceImplementation(ulong seed, ulong[] expected)
    {
        var r = new RandomStream(seed);
        foreach (var e in expected) Assert.Equal(e, r.NextUInt64());
    }

    [Fact]
    public void SameSeed_TwoStreams_BitIdenticalSequences()
    {
        var a = new RandomStream(7);
        var b = new RandomStream(7);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.NextNormal()), BitConverter.DoubleToInt64Bits(b.NextNormal()));
            Assert.Equal(a.NextInt(17), b.NextInt(17));
        }
    }

    [Fact]
    public void NextDoubleAndSingle_ManyDraws_InHalfOpenUnitInterval()
    {
        var r = new RandomStream(1);
        double sum = 0;
        const int n = 100_000;
        for (var i = 0; i < n; i++)
        {
            var d = r.NextDouble();
            var f = r.NextSingle();
            Assert.InRange(d, 0.0, Math.BitDecrement(1.0));
            Assert.InRange(f, 0f, MathF.BitDecrement(1f));
            sum += d;
        }
        Assert.InRange(sum / n, 0.495, 0.505);
    }

    [Fact]
    public void NextInt_SmallRange_UnbiasedAndInRange()
    {
        var r = new RandomStream(3);
        var counts = new int[7];
        const int n = 70_000;
        for (var i = 0; i < n; i++) counts[r.NextInt(7)]++;
        // χ² with 6 degrees of freedom; 22.5 is the 0.999 quantile.
        var chi2 = counts.Sum(c => (c - n / 7.0) * (c - n / 7.0) / (n / 7.0));
        Assert.True(chi2 < 22.5, $"χ² = {chi2:F2}, counts {string.Join(", ", counts)}");
        Assert.Equal(0, new RandomStream(5).NextInt(1));
        for (var i = 0; i < 1000; i++) Assert.InRange(r.NextInt(-3, 4), -3, 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NextInt_NonPositiveBound_Throws(int max)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomStream(1).NextInt(max));
        Assert.Equal("maxExclusive", ex.ParamName);
    }

    [Fact]
    public void NextNormal_ManyDraws_StandardMoments()
    {
        var r = new RandomStream(11);
        const int n = 200_000;
        double s = 0, s2 = 0, s4 = 0;
        for (var i = 0; i < n; i++)
        {
            var z = r.NextNormal();
            s += z;
            s2 += z * z;
            s4 += z * z * z * z;
        }
        var mean = s / n;
        var variance = s2 / n - mean * mean;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.99, 1.01);
        Assert.InRange(s4 / n, 2.9, 3.1); // kurtosis of a normal is 3
    }

    [Fact]
    public void PortableLog_AgreesWithMathLog()
    {
        var r = new RandomStream(13);
        double worst = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var s = r.NextDouble();
            if (s == 0) continue;
            var rel = Math.Abs(RandomStream.PortableLog(s) - Math.Log(s)) / Math.Max(Math.Abs(Math.Log(s)), 1e-300);
            worst = Math.Max(worst, rel);
        }
        foreach (var s in new[] { 1e-300, 4.9e-324, 0.5, 0.7071067811865476, 0.9999999999999999, 1e-5 })
            worst = Math.Max(worst, Math.Abs(RandomStream.PortableLog(s) - Math.Log(s)) / Math.Abs(Math.Log(s)));
        Assert.True(worst < 1e-15, $"worst relative error {worst:G3}");
    }

    [Fact]
    public void Fork_SameName_SameChildWhateverTheParentDrew()
    {
        var a = new RandomStream(99);
        var b = new RandomStream(99);
        for (var i = 0; i < 10; i++) b.NextUInt64();
        var fa = a.Fork("init");
        var fb = b.Fork("init");
        for (var i = 0; i < 100; i++) Assert.Equal(fa.NextUInt64(), fb.NextUInt64());
        Assert.Equal(a.Fork(5).NextUInt64(), b.Fork(5).NextUInt64());
    }

    [Fact]
    public void Fork_DifferentNamesAndIds_IndependentStreams()
    {
        var root = new RandomStream(99);
        var firsts = new HashSet<ulong>
        {
            root.NextUInt64(),
            root.Fork("init").NextUInt64(),
            root.Fork("crop").NextUInt64(),
            root.Fork("init").Fork("crop").NextUInt64(),
            root.Fork(0).NextUInt64(),
            root.Fork(1).NextUInt64(),
            new RandomStream(100).Fork("init").NextUInt64(),
        };
        Assert.Equal(7, firsts.Count);

        // Correlation between two sibling forks over many draws is near zero.
        var x = root.Fork("a");
        var y = root.Fork("b");
        double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
        const int n = 50_000;
        for (var i = 0; i < n; i++)
        {
            var u = x.NextDouble();
            var v = y.NextDouble();
            sx += u; sy += v; sxy += u * v; sxx += u * u; syy += v * v;
        }
        var corr = (sxy / n - sx / n * (sy / n)) / Math.Sqrt((sxx / n - sx / n * (sx / n)) * (syy / n - sy / n * (sy / n)));
        Assert.InRange(corr, -0.02, 0.02);
    }

    [Fact]
    public void Fork_NameAndId_MatchIndependentDerivation()
    {
        // Expected values from the Python re-implementation of the documented derivation (FNV-1a-64 of the UTF-8 name,
        // mixed with the parent seed by SplitMix64). string.GetHashCode would change them in every process.
        Assert.Equal(0x66b75ebd8acc6d4aUL, new RandomStream(2024).Fork("stages.2.attn").NextUInt64());
        Assert.Equal(0x3da41d0d9c96fcd6UL, new RandomStream(7).Fork(3).NextUInt64());
    }

    [Fact]
    public void GetStateSetState_MidSequence_ResumesBitIdentically()
    {
        var r = new RandomStream(21);
        for (var i = 0; i < 5; i++) r.NextUInt64();
        r.NextNormal(); // leaves a spare normal pending
        var state = r.GetState();
        var expected = Enumerable.Range(0, 20).Select(_ => BitConverter.DoubleToInt64Bits(r.NextNormal())).ToArray();

        var resumed = new RandomStream(21);
        resumed.SetState(state);
        var actual = Enumerable.Range(0, 20).Select(_ => BitConverter.DoubleToInt64Bits(resumed.NextNormal())).ToArray();
        Assert.Equal(expected, actual);
        Assert.True(state.HasSpareNormal);
    }

    [Fact]
    public void SetState_OtherSeedOrZeroState_Throws()
    {
        var state = new RandomStream(1).GetState();
        Assert.Throws<ArgumentException>(() => new RandomStream(2).SetState(state));
        Assert.Throws<ArgumentException>(() => new RandomStream(1).SetState(state with { S0 = 0, S1 = 0, S2 = 0, S3 = 0 }));
    }

    [Fact]
    public void StateFormatParse_RoundTrip_BitExact()
    {
        var r = new RandomStream(0xDEADBEEF);
        r.NextNormal();
        var state = r.GetState();
        var text = state.Format();
        Assert.Equal(state, RandomStreamState.Parse(text));
        Assert.Equal(7, text.Split(':').Length);
        Assert.Throws<FormatException>(() => RandomStreamState.Parse("1:2:3"));
        Assert.Throws<FormatException>(() => RandomStreamState.Parse("1:2:3:4:5:2:0"));
        Assert.Throws<FormatException>(() => RandomStreamState.Parse("1:2:3:4:5:1:zz"));
    }
}
