using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Transforms.Targets;

namespace H3deMl.Transforms.Tests.Targets;

public sealed class AnchorTargetEncodingTests
{
    private static readonly VolumeSize Crop = new(128, 128, 64);

    [Fact]
    public void Encode_HandComputedCase()
    {
        // g = (10, 21, 30) → u = (2.5, 5.25, 7.5). r = 0.5: |2.5 − c| < 0.5 has no integer c → no positive.
        // r = 0.75: c0 ∈ {2, 3}, c1 = 5 (|0.25|; 6 gives 0.75, not < 0.75), c2 ∈ {7, 8} → 4 cells.
        AnchorTargets t = AnchorTargetEncoding.Encode(Crop, [new Vector3d(10, 21, 30)], [true], new AnchorTargetOptions());
        Assert.Equal([4, 1, 32, 32, 16], t.Classification.Shape.ToArray());
        int[] rows = t.Positives.Data;
        Assert.DoesNotContain(Enumerable.Range(0, t.PositiveCount), p => rows[p * 5] == 0);
        int[][] anchor1 = [.. Enumerable.Range(0, t.PositiveCount).Where(p => rows[p * 5] == 1).Select(p => rows[(p * 5)..((p * 5) + 5)])];
        Assert.Equal([[1, 0, 2, 5, 7], [1, 0, 2, 5, 8], [1, 0, 3, 5, 7], [1, 0, 3, 5, 8]], anchor1);
        int first = Enumerable.Range(0, t.PositiveCount).First(p => rows[p * 5] == 1);
        ReadOnlySpan<float> offsets = t.Offsets.AsReadOnlySpan();
        Assert.Equal((2.5 - 2) / 0.75, offsets[first * 3], 6);
        Assert.Equal((5.25 - 5) / 0.75, offsets[(first * 3) + 1], 6);
        Assert.Equal((7.5 - 7) / 0.75, offsets[(first * 3) + 2], 6);
        // The dense mask agrees with the list.
        ReadOnlySpan<float> mask = t.Classification.AsReadOnlySpan();
        Assert.Equal(t.PositiveCount, (int)mask.ToArray().Sum());
        Assert.Equal(1f, mask[((((1 * 1) + 0) * 32 + 2) * 32 + 5) * 16 + 7]);
        Assert.Equal([1f], t.Present.AsReadOnlySpan().ToArray());
    }

    [Theory]
    [InlineData(-0.5, 1f)]
    [InlineData(-0.5 - 1e-9, 0f)]
    [InlineData(63.45, 1f)]
    [InlineData(63.5 - 1e-9, 1f)]
    [InlineData(63.5, 0f)]
    [InlineData(63.5 + 1e-9, 0f)]
    public void Encode_LandmarkAtTheCropBoundary_PresentExactlyWhenInsideTheOuterFaces(double k, float present)
    {
        // The library's one convention (VolumeSize.ContainsIndex): the crop covers −0.5 ≤ index < size − 0.5.
        AnchorTargets t = AnchorTargetEncoding.Encode(Crop, [new Vector3d(60, 60, k)], [true], new AnchorTargetOptions());
        Assert.Equal([present], t.Present.AsReadOnlySpan().ToArray());
        Assert.Equal(present == 1f, t.PositiveCount > 0);
    }

    [Fact]
    public void Encode_MissingOrOutside_HasNoPositive_AndPresentZero()
    {
        AnchorTargets t = AnchorTargetEncoding.Encode(Crop, [new Vector3d(5, 5, 5), new Vector3d(200, 5, 5), new Vector3d(40, 40, 20)], [false, true, true], new AnchorTargetOptions());
        Assert.Equal([0f, 0f, 1f], t.Present.AsReadOnlySpan().ToArray());
        Assert.All(Enumerable.Range(0, t.PositiveCount), p => Assert.Equal(2, t.Positives.Data[(p * 5) + 1]));
        // Decoding any positive recovers the landmark: s·(c + t·r) = g.
        for (int p = 0; p < t.PositiveCount; p++)
        {
            int a = t.Positives.Data[p * 5];
            double r = t.RadiiCells[a];
            Assert.Equal(40, 4 * (t.Positives.Data[(p * 5) + 2] + (t.Offsets.AsReadOnlySpan()[p * 3] * r)), 4);
        }
    }

    [Fact]
    public void Encode_MatchesTheReferenceDefinition()
    {
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Targets", "Fixtures", "target_fixtures.json")));
        JsonElement root = fixture.RootElement;
        Vector3d[] landmarks = [.. root.GetProperty("landmarks").EnumerateArray().Select(l => new Vector3d(l[0].GetDouble(), l[1].GetDouble(), l[2].GetDouble()))];
        bool[] present = [.. root.GetProperty("present").EnumerateArray().Select(p => p.GetBoolean())];
        AnchorTargets t = AnchorTargetEncoding.Encode(Crop, landmarks, present, new AnchorTargetOptions());
        ReadOnlySpan<float> ours = t.ToReferenceProposals().AsReadOnlySpan();
        int anchor = 0;
        foreach (JsonElement list in root.GetProperty("proposals").EnumerateArray())
        {
            int row = 0;
            foreach (JsonElement expected in list.EnumerateArray())
            {
                for (int c = 0; c < 7; c++)
                {
                    Assert.True(
                        Math.Abs(ours[(((anchor * 400) + row) * 7) + c] - expected[c].GetDouble()) < 1e-5,
                        $"anchor {anchor} row {row} column {c}: ours {ours[(((anchor * 400) + row) * 7) + c]}, reference {expected[c].GetDouble()}");
                }

                row++;
            }

            Assert.Equal(-100f, ours[(((anchor * 400) + row) * 7) + 6]); // padding after the reference's rows
            anchor++;
        }

        Assert.Equal(4, anchor);
    }
}
