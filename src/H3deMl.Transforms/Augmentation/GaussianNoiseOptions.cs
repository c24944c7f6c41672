namespace H3deMl.Transforms.Augmentation;

/// <summary>Options of <c>GaussianNoise</c>: independent normal noise added to every voxel.</summary>
public sealed record GaussianNoiseOptions
{
    /// <summary>The noise's standard deviation in the volume's units, in [0, 1e6]; default 0.02 (2 % of a [0, 1] range).</summary>
    public double StandardDeviation { get; init; } = 0.02;

    /// <summary>Probability of adding noise to a given scan, in [0, 1]; default 1.</summary>
    public double Probability { get; init; } = 1;

    internal void Validate()
    {
        AugmentationChecks.Range(0, StandardDeviation, "MinStandardDeviation", nameof(StandardDeviation), 0, 1e6);
        AugmentationChecks.Probability(Probability, nameof(Probability));
    }
}
