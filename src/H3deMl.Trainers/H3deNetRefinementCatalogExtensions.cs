using H3deMl.Trainers.Refinement;

namespace H3deMl;

/// <summary>The H3DE-Net refinement trainer on <c>ml.Landmarks.Trainers</c>.</summary>
public static class H3deNetRefinementCatalogExtensions
{
    /// <summary>Trains the refinement stage (see <see cref="H3deNetRefinementTrainer"/>); append it after the H3DE-Net trainer.</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static H3deNetRefinementTrainer H3deNetRefinement(this LandmarkTrainers catalog, RefinementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new H3deNetRefinementTrainer(catalog.Environment, options ?? new RefinementOptions());
    }
}
