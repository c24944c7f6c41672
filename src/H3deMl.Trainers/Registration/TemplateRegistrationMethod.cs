namespace H3deMl;

/// <summary>How a <see cref="Trainers.Registration.TemplateRegistrationModel"/> turns registered templates into landmarks.</summary>
public enum TemplateRegistrationMethod
{
    /// <summary>Register every template's bone surface to the scan and take, per landmark, the component-wise median of
    /// the templates' transferred landmarks.</summary>
    TemplateMedian,

    /// <summary>The mean-shape baseline: the training landmarks are averaged in the reference template's frame (each
    /// template aligned to the reference by a similarity transform); a scan is registered to the reference and the mean
    /// shape is mapped onto it.</summary>
    MeanShape,
}
