using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;

namespace H3deMl.Core.Tests.Registration;

public sealed class SimilarityTransformTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 95)]
    [InlineData(3, 179.5)]
    [InlineData(4, 180)]
    public void FromCorrespondences_RecoversAKnownSimilarity(int seed, double degrees)
    {
        var random = new Random(seed);
        SimilarityTransform truth = RegistrationTestKit.Random(random, degrees);
        Vector3d[] source = [.. Enumerable.Range(0, 50).Select(_ => new Vector3d(random.NextDouble(), random.NextDouble(), random.NextDouble() * 0.3) * 40)];
        SimilarityTransform found = SimilarityTransform.FromCorrespondences(source, [.. source.Select(truth.Apply)]);
        Assert.True(RegistrationTestKit.MaxDisagreement(found, truth, source) < 1e-9, found.ToString());
        Assert.Equal(truth.Scale, found.Scale, 1e-12);
        Assert.True(found.Rotation.Determinant > 0.999999);
    }

    [Fact]
    public void FromCorrespondences_Rigid_KeepsScaleOne()
    {
        var random = new Random(5);
        SimilarityTransform truth = RegistrationTestKit.Random(random, 40) with { Scale = 1.2 };
        Vector3d[] source = [.. Enumerable.Range(0, 20).Select(_ => new Vector3d(random.NextDouble(), random.NextDouble(), random.NextDouble()) * 10)];
        SimilarityTransform found = SimilarityTransform.FromCorrespondences(source, [.. source.Select(truth.Apply)], allowScaling: false);
        Assert.Equal(1, found.Scale);
        Assert.True(found.Rotation.MaxAbsDifference(truth.Rotation) < 1e-9);
    }

    [Fact]
    public void ThenAndInverse_Compose()
    {
        var random = new Random(6);
        SimilarityTransform a = RegistrationTestKit.Random(random, 70), b = RegistrationTestKit.Random(random, 150);
        var p = new Vector3d(3, -4, 5);
        Assert.True(Vector3d.Distance(a.Then(b).Apply(p), b.Apply(a.Apply(p))) < 1e-12);
        Assert.True(Vector3d.Distance(a.Inverse().Apply(a.Apply(p)), p) < 1e-12);
    }
}
