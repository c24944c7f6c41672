using H3deMl.Trainers.Model;
using H3deMl.Trainers.Registration;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl;

/// <summary>Finds the trained landmark model inside a fitted or loaded pipeline.</summary>
public static class LandmarkModelExtensions
{
    /// <summary>The landmark names of the landmark model (H3DE-Net or template registration) in <paramref name="model"/>
    /// (a model or a chain ending in one).</summary>
    /// <param name="model">A fitted or loaded pipeline.</param>
    /// <returns>The names, in output order.</returns>
    /// <exception cref="ArgumentException">The pipeline holds no landmark model.</exception>
    public static IReadOnlyList<string> GetLandmarkNames(this ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FindNames(model) ?? model.GetH3deNetModel().LandmarkNames;
    }

    /// <summary>The H3DE-Net model in <paramref name="model"/> (itself, or the last one of a chain).</summary>
    /// <param name="model">A fitted or loaded pipeline.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The pipeline holds no landmark model.</exception>
    public static H3deNetModel GetH3deNetModel(this ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Find(model) ?? throw new ArgumentException("The pipeline holds no H3DE-Net model; train one with ml.Landmarks.Trainers.H3deNet(...).", nameof(model));
    }

    /// <summary>The presence threshold of the last step in <paramref name="model"/> that decides presence (H3DE-Net or
    /// template registration).</summary>
    /// <param name="model">A fitted or loaded pipeline.</param>
    /// <returns>The threshold on the presence probability.</returns>
    /// <exception cref="ArgumentException">The pipeline holds no landmark model.</exception>
    public static double GetPresenceThreshold(this ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FindThreshold(model) ?? model.GetH3deNetModel().PresenceThreshold;
    }

    private static double? FindThreshold(ITransformer model) => model switch
    {
        H3deNetModel m => m.PresenceThreshold,
        TemplateRegistrationModel m => m.Options.PresenceThreshold,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(FindThreshold).FirstOrDefault(t => t is not null),
        _ => null,
    };

    private static IReadOnlyList<string>? FindNames(ITransformer model) => model switch
    {
        H3deNetModel m => m.LandmarkNames,
        TemplateRegistrationModel m => m.LandmarkNames,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(FindNames).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private static H3deNetModel? Find(ITransformer model) => model switch
    {
        H3deNetModel m => m,
        IEnumerable<ITransformer> chain => chain.Reverse().Select(Find).FirstOrDefault(m => m is not null),
        _ => null,
    };
}
