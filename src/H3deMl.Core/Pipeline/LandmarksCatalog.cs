namespace H3deMl.Core.Pipeline;

/// <summary>Landmark detection (<c>ml.Landmarks</c>): trainers (extension methods on <see cref="Trainers"/>, added by
/// H3deMl.Trainers) and evaluation (extension methods on this catalog, added by H3deMl.Evaluators).</summary>
public sealed class LandmarksCatalog
{
    internal LandmarksCatalog(H3deContext context)
    {
        Context = context;
        Trainers = new LandmarkTrainers(context);
    }

    /// <summary>The context the catalog belongs to (for extension methods).</summary>
    public H3deContext Context { get; }

    /// <summary>The landmark trainers (<c>ml.Landmarks.Trainers.H3deNet(…)</c>).</summary>
    public LandmarkTrainers Trainers { get; }

    /// <summary>The trainers sub-catalog; trainers are extension methods on it.</summary>
    public sealed class LandmarkTrainers
    {
        internal LandmarkTrainers(H3deContext context) => Context = context;

        /// <summary>The context the catalog belongs to (for extension methods).</summary>
        public H3deContext Context { get; }
    }
}
