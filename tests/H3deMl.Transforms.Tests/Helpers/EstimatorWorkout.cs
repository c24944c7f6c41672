using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors;
using H3deMl.Transforms.Targets;

namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>Checks every estimator the same way (STYLE.md §2.6): fit, transform, failure on invalid input (type and message),
/// and a save/load round trip through a model zip giving bit-identical output.</summary>
internal static class EstimatorWorkout
{
    public static void Run<T>(Func<H3deContext, IScanEstimator<T>> create, Func<H3deContext, ScanDataView> data, int seed = 17)
        where T : class, IScanTransformer
    {
        // Fit and transform.
        var ml = new H3deContext(seed);
        T transformer = create(ml).Fit(data(ml));
        List<ScanRow> rows = [.. transformer.Transform(data(ml)).Enumerate(0)];
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.NotNull(r.Volume));

        // Invalid input: a row without a volume (or, for the loader, without a readable file) fails naming step and case.
        ScanDataView broken = ml.Data.LoadFromRows([new ScanRow { Id = "broken", Source = new ScanSource { Kind = ScanSourceKind.ImageAndLandmarks, ImagePath = "/nonexistent/broken.nii.gz" } }]);
        var e = Assert.Throws<PipelineStepException>(() => transformer.Transform(broken).Enumerate(0).ToList());
        Assert.Equal("broken", e.CaseId);
        Assert.Equal(transformer.StepTypeName, e.StepName);
        Assert.True(e.InnerException is InvalidOperationException or FileNotFoundException or DirectoryNotFoundException, e.InnerException?.GetType().Name);
        Assert.Contains(e.InnerException is InvalidOperationException ? "LoadVolume" : "broken", e.Message);

        // Save and load into a fresh context with the same seed: identical output, epoch by epoch.
        using var stream = new MemoryStream();
        ml.Model.Save(transformer, stream);
        stream.Position = 0;
        var ml2 = new H3deContext(seed);
        ScanTransformerChain<IScanTransformer> loaded = ml2.Model.Load(stream);
        Assert.Equal(transformer.GetType(), loaded.LastTransformer.GetType());
        for (int epoch = 0; epoch < 2; epoch++)
        {
            List<ScanRow> expected = [.. transformer.Transform(data(ml)).Enumerate(epoch)];
            List<ScanRow> actual = [.. loaded.Transform(data(ml2)).Enumerate(epoch)];
            Assert.Equal(expected.Count, actual.Count);
            for (int n = 0; n < expected.Count; n++)
            {
                AssertSameRow(expected[n], actual[n]);
            }
        }
    }

    public static void AssertSameRow(ScanRow expected, ScanRow actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Volume!.Geometry, actual.Volume!.Geometry);
        Assert.True(expected.Volume.Voxels.AsSpan().SequenceEqual(actual.Volume.Voxels), $"{expected.Id}: voxels differ");
        Assert.Equal(expected.Landmarks?.Landmarks, actual.Landmarks?.Landmarks);
        Assert.Equal(expected.Features.Keys.Order(), actual.Features.Keys.Order());
        foreach (string key in expected.Features.Keys)
        {
            switch (expected.Features[key])
            {
                case Tensor t:
                    Assert.True(t.AsReadOnlySpan().SequenceEqual(((Tensor)actual.Features[key]).AsReadOnlySpan()), key);
                    break;
                case AnchorTargets a:
                    var b = (AnchorTargets)actual.Features[key];
                    Assert.True(a.Classification.AsReadOnlySpan().SequenceEqual(b.Classification.AsReadOnlySpan()));
                    Assert.Equal(a.Positives.Data, b.Positives.Data);
                    Assert.True(a.Offsets.AsReadOnlySpan().SequenceEqual(b.Offsets.AsReadOnlySpan()));
                    break;
            }
        }
    }
}
