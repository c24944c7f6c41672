using System.Diagnostics;
using H3deMl.Tensors;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Losses;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Training;

/// <summary>What one training run works with: the network being trained, the best weights so far, the optimiser,
/// the schedule and the losses, all built from the options and the run's random stream.</summary>
internal sealed class TrainingSetup
{
    public TrainingSetup(H3deNetOptions o, H3deNetArchitecture architecture, RandomStream stream)
    {
        Architecture = architecture;
        Network = new H3deNet(architecture, stream.Fork("init"));
        Best = new H3deNet(architecture, stream.Fork("init"));
        var parameters = Network.Parameters().ToList();
        Optimizer = o.Optimizer == OptimizerKind.Adam
            ? new Adam(parameters, new AdamOptions { LearningRate = o.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, WeightDecay = o.WeightDecay })
            : new AdamW(parameters, new AdamWOptions { LearningRate = o.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, WeightDecay = o.WeightDecay });
        Schedule = o.Schedule == ScheduleKind.Exponential
            ? new ExponentialLr(Optimizer, new ExponentialLrOptions { Gamma = o.LearningRateDecay, MinimumFraction = o.MinimumLearningRateFraction })
            : new BudgetedCosineLr(Optimizer, o.Epochs, o.LearningRate * o.MinimumLearningRateFraction, o.TimeLimit, () => Clock.Elapsed);
        HeatmapLoss = new HeatmapLoss(o.HeatmapLoss, o.HeatmapMissingNegatives, o.HeatmapLocalizationWeight);
        AnchorLoss = new AnchorLoss(o.AnchorLoss);
        if (o.HeatmapHeadInitialBias is { } bias && Network.NamedParameters().FirstOrDefault(p => p.Name == "final_conv.bias").Parameter is { } headBias)
        {
            headBias.Value.AsSpan().Fill((float)bias);
        }

        Best.LoadStateDict(Network.StateDict());
    }

    public H3deNetArchitecture Architecture { get; }

    /// <summary>Runs from the setup's creation; the cosine schedule reads it to anneal over the time limit.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public H3deNet Network { get; }

    public H3deNet Best { get; }

    public Optimizer Optimizer { get; }

    public LearningRateSchedule Schedule { get; }

    public HeatmapLoss HeatmapLoss { get; }

    public AnchorLoss AnchorLoss { get; }
}
