using H3deMl.Tensors.Kernels;

namespace H3deMl.Tensors.Tests.Parity;

/// <summary>
/// The conv kernels promise to overwrite their outputs, and <c>Functional.Conv3d</c> hands them uninitialised buffers.
/// A parity fixture only catches a missed element when the recycled memory happens to be non-zero, so this fills the
/// destinations with NaN first, for every fixture geometry and a few more.
/// </summary>
public sealed class Conv3dOverwriteTests
{
    /// <summary>Geometries as "N Cin D H W → Cout kK sS pP gG" (readable test names).</summary>
    public static TheoryData<string> Geometries()
    {
        var keys = new List<string>
        {
            "2 3 6x6x7 -> 4 k3 s2 p0 g1",
            "1 16 7x5x9 -> 8 k3 s2 p0 g1",
            "1 4 7x5x9 -> 4 k3 s2 p0 g4",
            "1 4 7x5x9 -> 4 k1 s2 p0 g1",
            "1 6 5x7x9 -> 6 k5 s2 p1 g2",
        };
        foreach (var c in ParityFixtures.Data.Cases.Where(c => c.Op == "conv3d"))
        {
            var xi = c.Inputs.Single(i => i.Name == "x");
            var x = ParityFixtures.Array(xi.File).Shape;
            var w = ParityFixtures.Array(c.Inputs.Single(i => i.Name == "weight").File).Shape;
            if (xi.Permute is { } p) x = p.Select(a => x[a]).ToArray();
            if (xi.Slice is { } s) x[s[0]] = s[2];
            var st = c.Ints("stride");
            var pd = c.Ints("padding");
            if (w[2] != w[3] || w[3] != w[4] || st.Distinct().Count() > 1 || pd.Distinct().Count() > 1) continue;
            var key = $"{x[0]} {x[1]} {x[2]}x{x[3]}x{x[4]} -> {w[0]} k{w[2]} s{st[0]} p{pd[0]} g{c.Int("groups")}";
            if (!keys.Contains(key)) keys.Add(key);
        }
        return new TheoryData<string>(keys);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Kernels_DestinationsPrefilledWithNaN_AreFullyOverwritten(string geometry)
    {
        var f = geometry.Replace("->", " ", StringComparison.Ordinal).Replace('x', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.Parse(t.TrimStart('k', 's', 'p', 'g'), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        int n = f[0], cin = f[1], d = f[2], h = f[3], w = f[4], cout = f[5], k = f[6], stride = f[7], pad = f[8], groups = f[9];
        var g = new Conv3dGeometry(n, cin, d, h, w, cout, k, k, k, stride, stride, stride, pad, pad, pad, groups);
        var r = new Random(1);
        float[] Rand(int len) => Enumerable.Range(0, len).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
        float[] NaNs(int len) => Enumerable.Repeat(float.NaN, len).ToArray();
        var x = Rand(g.InputLength);
        var wt = Rand(g.WeightLength);
        var dy = Rand(g.OutputLength);

        var y = NaNs(g.OutputLength);
        Conv3dKernels.Forward(g, x, wt, Rand(cout), y);
        AssertNoNaN(y, "forward output", g);

        var dx = NaNs(g.InputLength);
        Conv3dKernels.BackwardInput(g, dy, wt, dx);
        AssertNoNaN(dx, "input gradient", g);

        var dw = NaNs(g.WeightLength);
        var db = NaNs(cout);
        Conv3dKernels.BackwardWeight(g, x, dy, dw, db);
        AssertNoNaN(dw, "weight gradient", g);
        AssertNoNaN(db, "bias gradient", g);
    }

    private static void AssertNoNaN(float[] a, string what, Conv3dGeometry g)
    {
        var bad = a.Select((v, i) => (v, i)).Where(t => float.IsNaN(t.v)).Select(t => t.i).ToArray();
        Assert.True(bad.Length == 0, $"{what}: {bad.Length} of {a.Length} elements were not written (first flat index {(bad.Length > 0 ? bad[0] : -1)}) for {g}.");
    }
}
