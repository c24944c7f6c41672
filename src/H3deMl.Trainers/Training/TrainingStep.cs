using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Optim;
using H3deMl.Transforms.Conversion;

namespace H3deMl.Trainers.Training;

/// <summary>One optimiser step on a batch: forward, the losses of the heads being trained, backward, clip, step.</summary>
internal static class TrainingStep
{
    public static (double Loss, IReadOnlyDictionary<string, double> Terms) Run(TrainingSetup setup, IReadOnlyList<TrainingSample> batch, H3deNetOptions options)
    {
        using var scope = new TensorScope();
        Volume[] volumes = [.. batch.Select(s => s.Volume)];
        var output = setup.Network.Forward(VolumeTensor.ToNetworkBatch(volumes));
        var terms = new Dictionary<string, double>();
        Tensor? loss = null;
        if (output.Heatmap is not null)
        {
            Tensor targets = Functional.Concat([.. batch.Select(s => s.Heatmap!.Unsqueeze(0))], 0);
            Tensor h = setup.HeatmapLoss.Compute(output.Heatmap, targets);
            terms["heatmap"] = h.Item();
            loss = setup.Architecture.Head == H3deHead.Both ? h * (float)options.HeatmapLossWeight : h;
        }

        if (output.Anchors is not null)
        {
            var t = setup.AnchorLoss.Compute(output.Anchors, [.. batch.Select(s => s.Anchors!)]);
            terms["anchor.positive"] = t.Positive;
            terms["anchor.otherClasses"] = t.OtherClasses;
            terms["anchor.hardNegatives"] = t.HardNegatives;
            terms["anchor.background"] = t.Background;
            terms["anchor.offsets"] = t.Offsets;
            loss = loss is null ? t.Total : loss + t.Total;
        }

        setup.Optimizer.ZeroGrad();
        loss!.Backward();
        if (options.GradientClipNorm is { } clip)
        {
            GradientClipping.ClipByNorm(setup.Optimizer.Parameters, clip);
        }

        setup.Optimizer.Step();
        return (loss.Item(), terms);
    }
}
