using H3deMl.Trainers.Registration;

namespace H3deMl;

/// <summary>The template registration trainers on <c>ml.Landmarks.Trainers</c>: landmark transfer by bone-surface
/// registration, and the mean-shape baseline.</summary>
public static class TemplateRegistrationCatalogExtensions
{
    /// <summary>Finds landmarks by registering training scans to each scan (see <see cref="TemplateRegistrationTrainer"/>).</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="maxTemplates">The most training scans kept as templates, 1 to 32; default 32.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTemplates"/> is out of range.</exception>
    public static TemplateRegistrationTrainer TemplateRegistration(this LandmarkTrainers catalog, int maxTemplates = TemplateRegistrationOptions.MaxTemplatesLimit) =>
        TemplateRegistration(catalog, new TemplateRegistrationOptions { MaxTemplates = maxTemplates });

    /// <summary>Finds landmarks by registering training scans to each scan (see <see cref="TemplateRegistrationTrainer"/>).</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static TemplateRegistrationTrainer TemplateRegistration(this LandmarkTrainers catalog, TemplateRegistrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new TemplateRegistrationTrainer(catalog.Environment, options);
    }

    /// <summary>The mean-shape baseline: the training landmarks averaged in the reference scan's frame and mapped onto each
    /// scan by registering the reference to it (a <see cref="TemplateRegistrationTrainer"/> with
    /// <see cref="TemplateRegistrationMethod.MeanShape"/>).</summary>
    /// <param name="catalog">The landmark trainers catalog (<c>ml.Landmarks.Trainers</c>).</param>
    /// <param name="options">The options (their <see cref="TemplateRegistrationOptions.Method"/> is replaced); null for the defaults.</param>
    /// <returns>The trainer estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static TemplateRegistrationTrainer MeanShape(this LandmarkTrainers catalog, TemplateRegistrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TemplateRegistrationTrainer(catalog.Environment, (options ?? new TemplateRegistrationOptions()) with { Method = TemplateRegistrationMethod.MeanShape });
    }
}
