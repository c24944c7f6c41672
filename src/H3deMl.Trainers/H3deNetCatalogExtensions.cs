using H3deMl.Trainers;

namespace H3deMl;

/// <summary>The H3DE-Net trainer on <c>ml.Landmarks.Trainers</c>.</summary>
public static class H3deNetCatalogExtensions
{
    /// <summary>Trains H3DE-Net (see <see cref="H3deNetTrainer"/>).</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="epochs">The number of epochs; default 200.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1.</exception>
    public static H3deNetTrainer H3deNet(this LandmarkTrainers catalog, int epochs = 200) =>
        H3deNet(catalog, new H3deNetOptions { Epochs = epochs });

    /// <summary>Trains H3DE-Net (see <see cref="H3deNetTrainer"/>).</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static H3deNetTrainer H3deNet(this LandmarkTrainers catalog, H3deNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new H3deNetTrainer(catalog.Environment, options);
    }
}
