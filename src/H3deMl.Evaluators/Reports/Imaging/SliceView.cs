using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>An orthogonal slice of a volume through a world point, sampled in world space with square pixels, so that
/// spacing (anisotropic or not) and orientation (oblique or not) are shown true to scale and marks placed from LPS
/// coordinates land on the right anatomy.</summary>
internal sealed class SliceView
{
    private SliceView(SlicePlane plane, IndexedImage image, Vector3d cornerLps, Vector3d centreLps, double pixelMm)
    {
        Plane = plane;
        Image = image;
        CornerLps = cornerLps;
        CentreLps = centreLps;
        PixelMm = pixelMm;
    }

    public SlicePlane Plane { get; }

    public IndexedImage Image { get; }

    /// <summary>The world position of the top-left corner of the top-left pixel.</summary>
    public Vector3d CornerLps { get; }

    /// <summary>The point the slice goes through.</summary>
    public Vector3d CentreLps { get; }

    /// <summary>The pixel size in millimetres (square pixels).</summary>
    public double PixelMm { get; }

    /// <summary>Renders a slice.</summary>
    /// <param name="volume">The volume (its first component is shown).</param>
    /// <param name="plane">The plane.</param>
    /// <param name="centreLps">The point the slice passes through; also the view's centre when
    /// <paramref name="fieldOfViewMm"/> is given.</param>
    /// <param name="maxPixels">The longer side of the image in pixels.</param>
    /// <param name="fieldOfViewMm">The side of a square view centred on <paramref name="centreLps"/>, or null for the whole
    /// extent of the volume in the plane.</param>
    /// <param name="window">The intensity window.</param>
    public static SliceView Render(Volume volume, SlicePlane plane, Vector3d centreLps, int maxPixels, double? fieldOfViewMm, IntensityWindow window)
    {
        (Vector3d u, Vector3d v, _) = SlicePlaneAxes.Of(plane);
        VolumeGeometry g = volume.Geometry;
        double uMin, uMax, vMin, vMax;
        if (fieldOfViewMm is double fov)
        {
            (uMin, uMax, vMin, vMax) = (-fov / 2, fov / 2, -fov / 2, fov / 2);
        }
        else
        {
            (uMin, uMax, vMin, vMax) = (double.MaxValue, double.MinValue, double.MaxValue, double.MinValue);
            for (int corner = 0; corner < 8; corner++)
            {
                var index = new Vector3d(
                    (corner & 1) == 0 ? -0.5 : g.Size.I - 0.5,
                    (corner & 2) == 0 ? -0.5 : g.Size.J - 0.5,
                    (corner & 4) == 0 ? -0.5 : g.Size.K - 0.5);
                Vector3d d = g.IndexToWorld(index) - centreLps;
                double du = Vector3d.Dot(d, u), dv = Vector3d.Dot(d, v);
                (uMin, uMax, vMin, vMax) = (Math.Min(uMin, du), Math.Max(uMax, du), Math.Min(vMin, dv), Math.Max(vMax, dv));
            }
        }

        double pixelMm = Math.Max(uMax - uMin, vMax - vMin) / maxPixels;
        int width = Math.Clamp((int)Math.Round((uMax - uMin) / pixelMm), 1, maxPixels);
        int height = Math.Clamp((int)Math.Round((vMax - vMin) / pixelMm), 1, maxPixels);
        Vector3d corner0 = centreLps + (u * uMin) + (v * vMin);
        var image = new IndexedImage(width, height);
        Sample(volume, image, corner0, u * pixelMm, v * pixelMm, window);
        return new SliceView(plane, image, corner0, centreLps, pixelMm);
    }

    /// <summary>The continuous pixel position of a world point projected onto the plane (pixel centres at integer + 0.5),
    /// and its signed distance from the plane in mm.</summary>
    public (double X, double Y, double DepthMm) ToPixel(Vector3d worldLps)
    {
        (Vector3d u, Vector3d v, Vector3d n) = SlicePlaneAxes.Of(Plane);
        Vector3d d = worldLps - CornerLps;
        return (Vector3d.Dot(d, u) / PixelMm, Vector3d.Dot(d, v) / PixelMm, Vector3d.Dot(worldLps - CentreLps, n));
    }

    private static void Sample(Volume volume, IndexedImage image, Vector3d cornerLps, Vector3d stepU, Vector3d stepV, IntensityWindow window)
    {
        VolumeGeometry g = volume.Geometry;
        Vector3d first = g.WorldToIndex(cornerLps + ((stepU + stepV) * 0.5));
        Vector3d dx = g.WorldToIndex(cornerLps + stepU) - g.WorldToIndex(cornerLps);
        Vector3d dy = g.WorldToIndex(cornerLps + stepV) - g.WorldToIndex(cornerLps);
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                Vector3d index = first + (dx * x) + (dy * y);
                image[x, y] = TrySample(volume, index, out double value) ? window.GreyIndex(value) : ReportPalette.Outside;
            }
        }
    }

    /// <summary>Trilinear interpolation at a continuous index; false outside the volume's voxel boxes.</summary>
    internal static bool TrySample(Volume volume, Vector3d index, out double value)
    {
        VolumeSize s = volume.Size;
        value = 0;
        if (!(index.X >= -0.5 && index.X <= s.I - 0.5 && index.Y >= -0.5 && index.Y <= s.J - 0.5 && index.Z >= -0.5 && index.Z <= s.K - 0.5))
        {
            return false;
        }

        double fi = Math.Clamp(index.X, 0, s.I - 1), fj = Math.Clamp(index.Y, 0, s.J - 1), fk = Math.Clamp(index.Z, 0, s.K - 1);
        int i0 = (int)fi, j0 = (int)fj, k0 = (int)fk;
        int i1 = Math.Min(i0 + 1, s.I - 1), j1 = Math.Min(j0 + 1, s.J - 1), k1 = Math.Min(k0 + 1, s.K - 1);
        double ti = fi - i0, tj = fj - j0, tk = fk - k0;
        float[] voxels = volume.Voxels;
        int c = volume.Components;
        double At(int i, int j, int k) => voxels[c * (i + ((long)s.I * (j + ((long)s.J * k))))];
        double c00 = (At(i0, j0, k0) * (1 - ti)) + (At(i1, j0, k0) * ti);
        double c10 = (At(i0, j1, k0) * (1 - ti)) + (At(i1, j1, k0) * ti);
        double c01 = (At(i0, j0, k1) * (1 - ti)) + (At(i1, j0, k1) * ti);
        double c11 = (At(i0, j1, k1) * (1 - ti)) + (At(i1, j1, k1) * ti);
        double c0 = (c00 * (1 - tj)) + (c10 * tj);
        double c1 = (c01 * (1 - tj)) + (c11 * tj);
        value = (c0 * (1 - tk)) + (c1 * tk);
        return true;
    }
}
