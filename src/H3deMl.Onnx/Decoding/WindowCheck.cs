using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Onnx.Decoding;

/// <summary>The check that a volume is exactly the fixed window an exported network runs on.</summary>
internal static class WindowCheck
{
    /// <exception cref="ArgumentException">The volume has another size or several components (the message gives both sizes).</exception>
    public static void Require(Volume volume, IReadOnlyList<int> window, string step)
    {
        VolumeSize s = volume.Size;
        if (s.I != window[0] || s.J != window[1] || s.K != window[2])
        {
            throw new ArgumentException(
                $"{step}: the volume is {s.I}×{s.J}×{s.K} voxels but the exported network takes exactly {window[0]}×{window[1]}×{window[2]}; "
                + "crop or resample it to that size first (e.g. ml.Transforms.CenterCrop), or score larger scans with ml.Transforms.ScoreOnnxLandmarks, which slides windows.");
        }

        if (volume.Components != 1)
        {
            throw new ArgumentException($"{step}: the volume has {volume.Components} components; the network takes a scalar volume.");
        }
    }
}
