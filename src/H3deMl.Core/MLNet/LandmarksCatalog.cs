using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl;

/// <summary>Landmark detection on an <see cref="MLContext"/> (<c>ml.Landmarks</c>): trainers
/// (<c>ml.Landmarks.Trainers.H3deNet(…)</c>) and evaluation (<c>ml.Landmarks.Evaluate(…)</c>).</summary>
public sealed class LandmarksCatalog
{
    internal LandmarksCatalog(MLContext context)
    {
        Context = context;
        Trainers = new LandmarkTrainers(context);
    }

    /// <summary>The trainers of landmark detectors.</summary>
    public LandmarkTrainers Trainers { get; }

    internal MLContext Context { get; }

    internal IHostEnvironment Environment => Context;
}

/// <summary>The trainers of landmark detectors (<c>ml.Landmarks.Trainers</c>), added by the trainer assemblies as
/// extension methods.</summary>
public sealed class LandmarkTrainers
{
    internal LandmarkTrainers(MLContext context) => Context = context;

    internal MLContext Context { get; }

    internal IHostEnvironment Environment => Context;
}

/// <summary>Adds <c>ml.Landmarks</c> to <see cref="MLContext"/>.</summary>
public static class MLContextLandmarksExtensions
{
    extension(MLContext context)
    {
        /// <summary>Landmark detection: trainers and evaluation.</summary>
        public LandmarksCatalog Landmarks => new(context);
    }
}
