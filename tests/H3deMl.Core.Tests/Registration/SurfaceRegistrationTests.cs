using System.Diagnostics;
using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;
using Xunit.Abstractions;

namespace H3deMl.Core.Tests.Registration;

public sealed class SurfaceRegistrationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(11, 25)]
    [InlineData(12, 90)]
    [InlineData(13, 135)]
    [InlineData(14, 178)]
    [InlineData(15, 180)]
    public void Align_PhantomSurfaceInAnyPose_RecoversTheSimilarity(int seed, double degrees)
    {
        Vector3d[] surface = RegistrationTestKit.PhantomSurface(seed);
        SimilarityTransform truth = RegistrationTestKit.Random(new Random(seed), degrees);
        var moved = new PointCloudIndex([.. surface.Select(truth.Apply)]);
        var watch = Stopwatch.StartNew();
        SurfaceRegistrationResult result = SurfaceRegistration.Align(surface, moved);
        output.WriteLine($"{degrees}°: {result.Transform}; truth {truth}; RMS {result.TrimmedRmsMm:E2} mm, {result.Iterations} iterations, {watch.ElapsedMilliseconds} ms");
        Assert.True(RegistrationTestKit.MaxDisagreement(result.Transform, truth, surface) < 0.1, $"off by {RegistrationTestKit.MaxDisagreement(result.Transform, truth, surface):F3} mm");
        Assert.True(result.Transform.Then(truth.Inverse()).RotationDegrees < 0.5);
        Assert.Equal(truth.Scale, result.Transform.Scale, 1e-3);
    }

    [Fact]
    public async Task Align_IsTheSameWithOneThread()
    {
        Vector3d[] surface = RegistrationTestKit.PhantomSurface(21);
        SimilarityTransform truth = RegistrationTestKit.Random(new Random(21), 120);
        var moved = new PointCloudIndex([.. surface.Select(truth.Apply)]);
        SurfaceRegistrationResult parallel = SurfaceRegistration.Align(surface, moved);
        SurfaceRegistrationResult serial = await Task.Factory.StartNew(
            () => SurfaceRegistration.Align(surface, moved),
            CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ExclusiveScheduler);
        Assert.Equal(parallel, serial);
    }

    [Fact]
    public void Icp_FromNearbyPose_ConvergesRigidly()
    {
        Vector3d[] surface = RegistrationTestKit.PhantomSurface(31);
        SimilarityTransform truth = new(RegistrationTestKit.AxisAngle(new Vector3d(0, 0, 1), 0.1), 1, new Vector3d(2, -1, 1));
        var moved = new PointCloudIndex([.. surface.Select(truth.Apply)]);
        SurfaceRegistrationResult result = SurfaceRegistration.Icp(surface, moved, SimilarityTransform.Identity, new SurfaceRegistrationOptions { AllowScaling = false, MaxIterations = 200 });
        Assert.Equal(1, result.Transform.Scale);
        Assert.True(RegistrationTestKit.MaxDisagreement(result.Transform, truth, surface) < 0.1);
    }
}
