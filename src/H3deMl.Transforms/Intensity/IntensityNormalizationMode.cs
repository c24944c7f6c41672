namespace H3deMl.Transforms.Intensity;

/// <summary>How <c>NormalizeIntensity</c> maps voxel values.</summary>
public enum IntensityNormalizationMode
{
    /// <summary>Clip to [<c>WindowMin</c>, <c>WindowMax</c>] and scale linearly to [<c>OutputMin</c>, <c>OutputMax</c>] (the default).</summary>
    Window = 0,

    /// <summary>Subtract the volume's mean and divide by its standard deviation.</summary>
    ZScore,

    /// <summary>Clip to the volume's [<c>LowerPercentile</c>, <c>UpperPercentile</c>] percentiles and scale to [<c>OutputMin</c>, <c>OutputMax</c>].</summary>
    Percentile,
}
