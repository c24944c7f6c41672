using System.Text;
using H3deMl.TestKit;
using Xunit.Sdk;

namespace H3deMl.Tensors.Tests.Parity;

/// <summary>Guards on the fixture set itself and on the comparison helpers the parity tests rely on.</summary>
public sealed class ManifestTests
{
    [Fact]
    public void Manifest_EveryOp_IsConsumedByAParityTest()
    {
        var ops = ParityFixtures.Data.Cases.Select(c => c.Op).ToHashSet(StringComparer.Ordinal);
        var untested = ops.Except(ParityFixtures.CoveredOps).Order().ToArray();
        var missing = ParityFixtures.CoveredOps.Except(ops).Order().ToArray();
        Assert.True(untested.Length == 0, $"ops in the manifest without a parity test: {string.Join(", ", untested)}");
        Assert.True(missing.Length == 0, $"ops with a parity test but no fixture cases: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Manifest_Versions_AreRecorded()
    {
        Assert.StartsWith("1.13", ParityFixtures.Data.TorchVersion, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+", ParityFixtures.Data.NumpyVersion);
    }

    [Fact]
    public void Manifest_EveryCase_HasFilesAndAGradientPerTrainableInput()
    {
        var problems = new List<string>();
        foreach (var c in ParityFixtures.Data.Cases)
        {
            foreach (var f in c.Inputs.Select(i => i.File).Concat(c.Outputs.Select(o => o.File)).Concat(c.Grads.Select(g => g.File)))
                if (!File.Exists(Path.Combine(ParityFixtures.Root, f))) problems.Add($"{c}: missing {f}");
            var trainable = c.Inputs.Where(i => i.RequiresGrad).Select(i => i.Name).Order();
            if (!trainable.SequenceEqual(c.Grads.Select(g => g.Name).Order())) problems.Add($"{c}: gradients do not match the inputs that require one");
            if (c.Rtol is not (1e-5 or 1e-4)) problems.Add($"{c}: rtol {c.Rtol}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Npy_HandWrittenFile_ParsesShapeAndValues()
    {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        var pad = 64 - (10 + header.Length + 1) % 64;
        var h = header + new string(' ', pad) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)h.Length, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(h));
        foreach (var v in new[] { 1f, -2f, 3.5f, 0f, 1e-8f, float.MaxValue }) bytes.AddRange(BitConverter.GetBytes(v));
        var a = Npy.Parse(bytes.ToArray());
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([1f, -2f, 3.5f, 0f, 1e-8f, float.MaxValue], a.AsFloat());
    }

    [Fact]
    public void Npy_TruncatedData_ThrowsNamingTheSizes()
    {
        var header = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)header.Length, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(new byte[16]);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Parse(bytes.ToArray()));
        Assert.Contains("needs 24 data bytes but 16 follow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Npy_FixtureIndexFile_ReadsAsInt32()
    {
        var c = ParityFixtures.Data.Cases.First(x => x.Op == "gather");
        var a = ParityFixtures.Array(c.Inputs.Single(i => i.Name == "index").File);
        Assert.False(a.IsFloat);
        Assert.All(a.AsInt32(), v => Assert.InRange(v, 0, 100));
    }

    [Fact]
    public void AssertClose_OneElementOff_ReportsIndexAndErrors()
    {
        var expected = new float[24];
        for (var i = 0; i < expected.Length; i++) expected[i] = i + 1;
        var actual = (float[])expected.Clone();
        actual[17] *= 1.001f; // index [1, 1, 1] of shape [2, 3, 4]
        var e = Assert.Throws<XunitException>(() => Tolerance.AssertAllClose(actual, expected, [2, 3, 4], Tolerance.ApproxRtol, what: "probe"));
        Assert.Contains("probe: 1 of 24 elements", e.Message, StringComparison.Ordinal);
        Assert.Contains("Worst at [1, 1, 1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("max rel error 0.001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertClose_WithinTolerance_Passes()
    {
        float[] expected = [1f, -1000f, 0f, 3e-3f];
        float[] actual = [1.00005f, -1000.09f, 1e-3f, 3e-3f]; // 0 vs 1e-3 passes: atol = 0.1·1e-4·1000 = 1e-2
        Tolerance.AssertAllClose(actual, expected, [], Tolerance.ApproxRtol);
    }

    [Fact]
    public void AssertClose_NaNAgainstNumber_Fails()
    {
        Assert.Throws<XunitException>(() => Tolerance.AssertAllClose([float.NaN], [1f], [], Tolerance.ApproxRtol));
        Assert.Throws<XunitException>(() => Tolerance.AssertAllClose([float.PositiveInfinity], [float.NegativeInfinity], [], Tolerance.ApproxRtol));
        Tolerance.AssertAllClose([float.NaN, float.NegativeInfinity], [float.NaN, float.NegativeInfinity], [], Tolerance.ApproxRtol);
    }
}
