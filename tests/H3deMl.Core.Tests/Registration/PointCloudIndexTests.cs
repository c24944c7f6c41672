using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;

namespace H3deMl.Core.Tests.Registration;

public sealed class PointCloudIndexTests
{
    [Fact]
    public void Nearest_MatchesBruteForce()
    {
        var random = new Random(3);
        Vector3d[] points = [.. Enumerable.Range(0, 3000).Select(_ => new Vector3d(random.NextDouble(), random.NextDouble(), random.NextDouble() * 0.2) * 50)];
        var index = new PointCloudIndex(points);
        for (int q = 0; q < 500; q++)
        {
            var query = new Vector3d(random.NextDouble() * 80 - 15, random.NextDouble() * 80 - 15, random.NextDouble() * 40 - 15);
            int found = index.Nearest(query, out double d2);
            double best = points.Min(p => (p - query).Length);
            Assert.Equal(best * best, d2, 1e-9);
            Assert.Equal(d2, (points[found] - query).Length * (points[found] - query).Length, 1e-9);
        }
    }

    [Fact]
    public void Nearest_FromManyThreads_GivesTheSameAnswers()
    {
        var random = new Random(4);
        Vector3d[] points = [.. Enumerable.Range(0, 2000).Select(_ => new Vector3d(random.NextDouble(), random.NextDouble(), random.NextDouble()) * 30)];
        Vector3d[] queries = [.. Enumerable.Range(0, 4000).Select(_ => new Vector3d(random.NextDouble(), random.NextDouble(), random.NextDouble()) * 40)];
        var index = new PointCloudIndex(points);
        int[] serial = [.. queries.Select(q => index.Nearest(q, out _))];
        var parallel = new int[queries.Length];
        Parallel.For(0, queries.Length, i => parallel[i] = index.Nearest(queries[i], out _));
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Constructor_NoPoints_Throws() =>
        Assert.Throws<ArgumentException>(() => new PointCloudIndex([]));
}
