namespace H3deMl;

/// <summary>Options of the HTML report (<see cref="LandmarkReport"/>).</summary>
public sealed record LandmarkReportOptions
{
    /// <summary>The page title. Default "Landmark evaluation".</summary>
    public string Title { get; init; } = "Landmark evaluation";

    /// <summary>The most cases shown with slice views (the tables always list every case), 0 or more. Default 6.</summary>
    public int MaxCasesWithViews { get; init; } = 6;

    /// <summary>The most landmarks shown with slice views per case, 1 or more; the first ones in the ground truth's order.
    /// Default 12.</summary>
    public int MaxLandmarksPerCase { get; init; } = 12;

    /// <summary>The longer side of each slice image in pixels, 32 to 256. Default 200.</summary>
    public int ImageSizePixels { get; init; } = 200;

    /// <summary>The side in mm of the square region around each landmark that the slice views show, or null (the default)
    /// for the whole extent of the scan in each plane. Must be positive when set.</summary>
    public double? FieldOfViewMm { get; init; }

    /// <summary>The intensity shown black and white on slices, or null (the default) for the 0.5th and 99.5th
    /// percentiles of each scan.</summary>
    public (double Low, double High)? IntensityWindow { get; init; }

    /// <summary>The right end of the SDR-versus-threshold curve in mm, positive; null (the default) for 10 mm, widened
    /// to a round number covering 95 % of the errors when they are larger.</summary>
    public double? SdrCurveMaxMm { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the exception names it).</exception>
    /// <exception cref="ArgumentNullException"><see cref="Title"/> is null.</exception>
    public void Validate()
    {
        if (Title is null)
        {
            throw new ArgumentNullException(nameof(Title));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxCasesWithViews, nameof(MaxCasesWithViews));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLandmarksPerCase, 1, nameof(MaxLandmarksPerCase));
        if (ImageSizePixels is < 32 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageSizePixels), ImageSizePixels, "The image size must be 32 to 256 pixels.");
        }

        if (FieldOfViewMm is double fov && !(double.IsFinite(fov) && fov > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(FieldOfViewMm), fov, "The field of view must be a finite, positive number of millimetres.");
        }

        if (IntensityWindow is { } w && !(double.IsFinite(w.Low) && double.IsFinite(w.High) && w.High > w.Low))
        {
            throw new ArgumentOutOfRangeException(nameof(IntensityWindow), w, "The intensity window must be two finite numbers, low below high.");
        }

        if (SdrCurveMaxMm is double max && !(double.IsFinite(max) && max > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(SdrCurveMaxMm), SdrCurveMaxMm, "The SDR curve's range must be a finite, positive number of millimetres.");
        }
    }
}
