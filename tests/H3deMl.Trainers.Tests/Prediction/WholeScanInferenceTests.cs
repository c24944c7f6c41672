using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Prediction;

/// <summary>
/// Whole-scan inference (sliding windows over a scan larger than the training window) gives bit-identical landmarks,
/// probabilities and decisions whatever the kernel thread count (DECISIONS.md §11).
/// </summary>
[Collection(ComputeSettingsCollection.Name)]
public sealed class WholeScanInferenceTests
{
    [Theory]
    [InlineData(H3deHead.Heatmap)]
    [InlineData(H3deHead.Both)]
    public void Predict_ScanLargerThanTheWindow_OneAndTwoThreadsBitIdentical(H3deHead head)
    {
        var ml = new MLContext(seed: 1);
        var architecture = H3deNetArchitecture.Small with { Head = head, LandmarkCount = 3 };
        var model = new H3deNetModel(ml, new H3deNet(architecture, new RandomStream(21)), new H3deNetModelOptions
        {
            Architecture = architecture,
            LandmarkNames = ["a", "b", "c"],
            WindowSize = [32, 32, 32],
            HeatmapDecodeMinimumVoxels = 20,
            PresenceThreshold = 0.4,
        });
        // 48×40×36 > 32³ on every axis: 2×2×2 overlapping windows.
        Volume scan = Scan(new VolumeSize(48, 40, 36));
        var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
        var input = new ScanInput { Id = "big", Volume = scan };

        var one = ComputeSettingsCollection.WithThreads(1, () => (model.Inference.Predict(scan, CancellationToken.None), engine.Predict(input)));
        var two = ComputeSettingsCollection.WithThreads(2, () => (model.Inference.Predict(scan, CancellationToken.None), engine.Predict(input)));

        Assert.Equal(one.Item1, two.Item1);                  // index, presence probability and score, bit for bit
        Assert.Equal(one.Item2.PredictedLandmarks, two.Item2.PredictedLandmarks);
        Assert.Equal(one.Item2.PresenceProbabilities, two.Item2.PresenceProbabilities);
        Assert.Equal(one.Item2.PresenceDecisions, two.Item2.PresenceDecisions);
        Assert.All(one.Item1, d => Assert.True(scan.Geometry.Size.ContainsIndex(d.IndexIjk), $"{d.IndexIjk} outside the scan"));
        // The engine reports the decoded indices in world millimetres of the scan.
        Vector3d first = scan.Geometry.IndexToWorld(one.Item1[0].IndexIjk);
        Assert.Equal((float)first.X, one.Item2.PredictedLandmarks[0]);
        Assert.Equal((float)first.Z, one.Item2.PredictedLandmarks[2]);
    }

    private static Volume Scan(VolumeSize size)
    {
        var random = new Random(5);
        var voxels = new float[size.VoxelCount];
        (double X, double Y, double Z, double R)[] blobs = [.. Enumerable.Range(0, 6).Select(_ =>
            (random.NextDouble() * size.I, random.NextDouble() * size.J, random.NextDouble() * size.K, 3 + (4 * random.NextDouble())))];
        for (int k = 0, n = 0; k < size.K; k++)
        {
            for (int j = 0; j < size.J; j++)
            {
                for (int i = 0; i < size.I; i++, n++)
                {
                    double v = 0.05 * random.NextDouble();
                    foreach (var b in blobs)
                    {
                        v += Math.Exp(-(((i - b.X) * (i - b.X)) + ((j - b.Y) * (j - b.Y)) + ((k - b.Z) * (k - b.Z))) / (2 * b.R * b.R));
                    }

                    voxels[n] = (float)v;
                }
            }
        }

        return new Volume(voxels, new VolumeGeometry(size, new Vector3d(0.3, 0.3, 0.4), new Vector3d(-5, 7, 2), Matrix3d.Identity), VolumeElementType.Float32);
    }
}
