using System.Diagnostics;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using Xunit.Abstractions;

namespace H3deMl.Core.Tests.Phantoms;

public sealed class PhantomGeneratorTests(ITestOutputHelper output)
{
    private static readonly PhantomOptions NoNoise = new() { NoiseStdDevHu = 0, MissingToothProbability = 0, CutFieldOfViewProbability = 0 };

    [Fact]
    public void Generate_SameStream_IsBitIdentical()
    {
        (Volume a, LandmarkSet la) = PhantomGenerator.Generate(new PhantomOptions(), new RandomStream(7));
        (Volume b, LandmarkSet lb) = PhantomGenerator.Generate(new PhantomOptions(), new RandomStream(7));
        Assert.True(a.Voxels.AsSpan().SequenceEqual(b.Voxels));
        Assert.Equal(a.Geometry, b.Geometry);
        Assert.Equal(la.Landmarks, lb.Landmarks);
        (Volume c, _) = PhantomGenerator.Generate(new PhantomOptions(), new RandomStream(8));
        Assert.False(a.Voxels.AsSpan().SequenceEqual(c.Voxels));
    }

    [Fact]
    public void Generate_LandmarksSitOnTheirFeatures()
    {
        var watch = Stopwatch.StartNew();
        (Volume v, LandmarkSet l) = PhantomGenerator.Generate(NoNoise, new RandomStream(3));
        output.WriteLine($"80x80x64 phantom in {watch.ElapsedMilliseconds} ms (first call)");
        watch.Restart();
        PhantomGenerator.Generate(NoNoise, new RandomStream(4));
        output.WriteLine($"80x80x64 phantom in {watch.ElapsedMilliseconds} ms (second call)");
        Assert.Equal(PhantomGenerator.LandmarkNames, l.Names);
        Assert.All(l.Landmarks, lm => Assert.True(lm.IsPresent, lm.Name));

        // Orbit centres are in fat, tooth tips sit on enamel edges, the vertex on the outer bone surface.
        Assert.InRange(Sample(v, l, "L_Orbit"), -130, -70);
        Assert.InRange(Sample(v, l, "R_Orbit"), -130, -70);
        Assert.InRange(Sample(v, l, "L_Molar"), 100, 1500);
        Assert.InRange(Sample(v, l, "Incisor"), 100, 1500);
        Assert.InRange(Sample(v, l, "Vertex"), -500, 700);
        Assert.InRange(Sample(v, l, "L_Condyle"), 300, 1100);
        foreach (Landmark lm in l.Landmarks)
        {
            Assert.True(v.Geometry.ContainsWorld(lm.PositionLps), lm.Name);
        }
    }

    [Fact]
    public void Generate_MissingTeeth_AreMarkedMissing()
    {
        var options = NoNoise with { MissingToothProbability = 1 };
        (_, LandmarkSet l) = PhantomGenerator.Generate(options, new RandomStream(1));
        Assert.Equal(["Incisor", "L_Canine", "R_Canine", "L_Molar", "R_Molar"], l.Landmarks.Where(x => !x.IsPresent).Select(x => x.Name));
    }

    [Fact]
    public void Generate_InvalidOption_NamesTheProperty()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PhantomGenerator.Generate(new PhantomOptions { SizeI = 4 }, new RandomStream(1)));
        Assert.Equal("SizeI", e.ParamName);
    }

    private static double Sample(Volume v, LandmarkSet l, string name)
    {
        Vector3d index = v.Geometry.WorldToIndex(l.Landmarks.Single(x => x.Name == name).PositionLps);
        int i = (int)Math.Round(index.X), j = (int)Math.Round(index.Y), k = (int)Math.Round(index.Z);
        return v[i, j, k];
    }
}
