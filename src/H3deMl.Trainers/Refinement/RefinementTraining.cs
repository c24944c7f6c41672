using System.Diagnostics;
using H3deMl.Core.Geometry;
using H3deMl.Tensors;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Training;
using H3deMl.Transforms.Targets;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Refinement;

/// <summary>The refinement's training loop: per epoch, the scans in a seeded order; per scan, patches around random present
/// landmarks (centre = truth + normal jitter) with the heatmap targets of every landmark inside; one step per batch. The
/// learning rate anneals over the epochs or the time limit, whichever ends first.</summary>
internal sealed class RefinementTraining(RefinementOptions options, RefinementModelOptions modelOptions, RefinementPatches patches, TrainingSetup setup, H3deNetOptions stepOptions, IChannel channel)
{
    private readonly HeatmapTargetOptions _targets = new() { Shape = HeatmapShape.Reference, RadiusVoxels = options.HeatmapRadiusVoxels };

    public void Run(IReadOnlyList<RefinementScan> scans, RandomStream random)
    {
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var batch = new List<TrainingSample>(options.BatchSize);
            double lossSum = 0;
            int steps = 0;
            foreach (int s in Shuffle(scans.Count, random))
            {
                foreach (TrainingSample sample in Samples(scans[s], random))
                {
                    batch.Add(sample);
                    if (batch.Count == options.BatchSize)
                    {
                        lossSum += Step(batch);
                        steps++;
                    }
                }
            }

            if (batch.Count > 0)
            {
                lossSum += Step(batch);
                steps++;
            }

            setup.Schedule.Step();
            channel.Info(MessageSensitivity.None, $"Refinement epoch {epoch}/{options.Epochs}: loss {lossSum / Math.Max(1, steps):F4}, lr {setup.Optimizer.LearningRate:G3}, {steps} steps, {epochClock.Elapsed.TotalSeconds:F1} s.");
            if (options.TimeLimit is { } limit && setup.Clock.Elapsed >= limit && epoch < options.Epochs)
            {
                channel.Info(MessageSensitivity.None, $"Refinement: time limit {limit} reached after epoch {epoch}.");
                break;
            }
        }
    }

    private double Step(List<TrainingSample> batch)
    {
        options.CancellationToken.ThrowIfCancellationRequested();
        double loss = TrainingStep.Run(setup, batch, stepOptions).Loss;
        batch.Clear();
        return loss;
    }

    private IEnumerable<TrainingSample> Samples(RefinementScan scan, RandomStream random)
    {
        if (scan.Present.Length == 0)
        {
            yield break;
        }

        for (int n = 0; n < options.PatchesPerScan; n++)
        {
            int l = scan.Present[random.NextInt(scan.Present.Length)];
            var jitter = new Vector3d(Jitter(random), Jitter(random), Jitter(random));
            VolumeGeometry geometry = patches.Geometry(scan.Landmarks[l].PositionLps + jitter, scan.Direction);
            yield return new TrainingSample(patches.Cut(scan.Original, geometry, options.CancellationToken), Targets(scan, geometry), null);
        }
    }

    private Tensor Targets(RefinementScan scan, VolumeGeometry geometry)
    {
        int count = modelOptions.LandmarkNames.Count;
        var indices = new Vector3d[count];
        var present = new bool[count];
        for (int l = 0; l < count; l++)
        {
            indices[l] = geometry.WorldToIndex(scan.Landmarks[l].PositionLps);
            present[l] = scan.Landmarks[l].IsPresent && indices[l].IsFinite && geometry.ContainsIndex(indices[l]);
        }

        return HeatmapTargetEncoding.Encode(geometry.Size, geometry.SpacingMm, indices, present, _targets);
    }

    // A normal draw (Box–Muller) truncated at 3 SD and at the patch half-width, so the landmark stays inside the patch.
    private double Jitter(RandomStream random)
    {
        double limit = Math.Min(3 * options.JitterMm, options.SpacingMm * (options.PatchSize - 1) / 2);
        while (true)
        {
            double u = 1 - random.NextDouble();
            double v = random.NextDouble();
            double x = options.JitterMm * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
            if (Math.Abs(x) <= limit)
            {
                return x;
            }
        }
    }

    private static int[] Shuffle(int count, RandomStream random)
    {
        int[] order = [.. Enumerable.Range(0, count)];
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
