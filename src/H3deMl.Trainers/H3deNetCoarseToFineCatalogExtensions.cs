namespace H3deMl;

/// <summary>The self-configuring coarse-to-fine trainer on <c>ml.Landmarks.Trainers</c>.</summary>
public static class H3deNetCoarseToFineCatalogExtensions
{
    /// <summary>Trains pose normalisation, template registration and an H3DE-Net refinement within a time budget,
    /// choosing sizes from the data (see <see cref="H3deNetCoarseToFineTrainer"/>).</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="options">The options; null for the defaults (10-minute budget, everything chosen).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static H3deNetCoarseToFineTrainer H3deNetCoarseToFine(this LandmarkTrainers catalog, CoarseToFineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new H3deNetCoarseToFineTrainer(catalog.Context, options ?? new CoarseToFineOptions());
    }
}
