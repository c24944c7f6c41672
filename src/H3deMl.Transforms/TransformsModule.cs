using System.Runtime.CompilerServices;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Loading;
using H3deMl.Transforms.Spatial;
using H3deMl.Transforms.Targets;

namespace H3deMl.Transforms;

/// <summary>Registers the loaders of every step this assembly defines, so that <c>ml.Model.Load</c> can restore them.</summary>
internal static class TransformsModule
{
    // A library module initializer is the documented way for a layer to register its model-file loaders
    // (see ScanStepLoaders): it only fills a registry and has no other side effect.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterStepLoaders()
    {
        ScanStepLoaders.Register(VolumeLoadingTransformer.TypeName, VolumeLoadingTransformer.Load);
        ScanStepLoaders.Register(IntensityNormalizingTransformer.TypeName, IntensityNormalizingTransformer.Load);
        ScanStepLoaders.Register(ResamplingTransformer.TypeName, ResamplingTransformer.Load);
        ScanStepLoaders.Register(ReorientingTransformer.TypeName, ReorientingTransformer.Load);
        ScanStepLoaders.Register(RandomCropTransformer.TypeName, RandomCropTransformer.Load);
        ScanStepLoaders.Register(CenterCropTransformer.TypeName, CenterCropTransformer.Load);
        ScanStepLoaders.Register(RandomFlipTransformer.TypeName, RandomFlipTransformer.Load);
        ScanStepLoaders.Register(RandomRotationTransformer.TypeName, RandomRotationTransformer.Load);
        ScanStepLoaders.Register(RandomIntensityTransformer.TypeName, RandomIntensityTransformer.Load);
        ScanStepLoaders.Register(GaussianNoiseTransformer.TypeName, GaussianNoiseTransformer.Load);
        ScanStepLoaders.Register(HeatmapTargetTransformer.TypeName, HeatmapTargetTransformer.Load);
        ScanStepLoaders.Register(AnchorTargetTransformer.TypeName, AnchorTargetTransformer.Load);
    }
}
