using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Pose;

/// <summary>Registers a scan's bone surface to a reference surface from any starting pose.</summary>
internal static class PoseRegistration
{
    public static Vector3d[] Surface(Volume volume, PoseNormalizingOptions options, CancellationToken cancellationToken) =>
        BoneSurface.Extract(volume, new BoneSurfaceOptions { Threshold = options.BoneThreshold, MaxPoints = options.MaxSurfacePoints }, cancellationToken);

    public static SimilarityTransform Register(Volume volume, PointCloudIndex template, PoseNormalizingOptions options, CancellationToken cancellationToken)
    {
        Vector3d[] surface = Surface(volume, options, cancellationToken);
        var registration = new SurfaceRegistrationOptions { AllowScaling = options.AllowScaling, RollStarts = options.RollStarts };
        return SurfaceRegistration.Align(surface, template, registration, cancellationToken).Transform;
    }
}
