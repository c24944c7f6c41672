namespace H3deMl.Transforms.Augmentation;

/// <summary>Option checks shared by the augmentation options.</summary>
internal static class AugmentationChecks
{
    public static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1].");
        }
    }

    public static void Range(double min, double max, string minName, string maxName, double lowest, double highest)
    {
        if (!(min >= lowest && min <= highest))
        {
            throw new ArgumentOutOfRangeException(minName, min, $"{minName} must be in [{lowest}, {highest}].");
        }

        if (!(max >= min && max <= highest))
        {
            throw new ArgumentOutOfRangeException(maxName, max, $"{maxName} must be in [{minName} ({min}), {highest}].");
        }
    }
}
