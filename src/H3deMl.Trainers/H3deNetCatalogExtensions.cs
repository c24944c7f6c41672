using H3deMl.Core.Pipeline;
using H3deMl.Trainers.Training;

namespace H3deMl.Trainers;

/// <summary>Adds the H3DE-Net trainer to <c>ml.Landmarks.Trainers</c>.</summary>
public static class H3deNetCatalogExtensions
{
    /// <summary>Creates an H3DE-Net trainer with default options and the given head and epochs.</summary>
    /// <param name="catalog">The trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="epochs">Maximum epochs (≥ 1). Default 200.</param>
    /// <param name="progress">Receives progress after every batch and epoch; optional.</param>
    /// <returns>The trainer estimator.</returns>
    public static H3deNetTrainer H3deNet(this LandmarksCatalog.LandmarkTrainers catalog, int epochs = 200, IProgress<TrainingProgress>? progress = null) =>
        H3deNet(catalog, new H3deNetOptions { Epochs = epochs }, progress);

    /// <summary>Creates an H3DE-Net trainer with the given options (validated now, not at <c>Fit</c>).</summary>
    /// <param name="catalog">The trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="options">The options.</param>
    /// <param name="progress">Receives progress after every batch and epoch; optional.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static H3deNetTrainer H3deNet(this LandmarksCatalog.LandmarkTrainers catalog, H3deNetOptions options, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new H3deNetTrainer(catalog.Context, options, progress);
    }
}
