using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Spatial;

namespace H3deMl.Transforms.Cropping;

/// <summary>The landmark-aware zoom-and-crop of H3DE-Net (H3DE-NET.md §5.3, §5.4) with the fixes of DECISIONS.md §8, as
/// pure functions: plan the zoom and crop from the landmarks, then apply the plan to the volume.</summary>
/// <remarks>
/// <para><b>Zoom.</b> With the landmark box [lo, hi] (continuous voxel indices of the present landmarks; the whole volume
/// when none is present), the largest rate that fits the box in the crop is <c>zoomMax = crop / (hi − lo) − margin</c> per
/// axis. The random crop draws <c>rate ~ U(MinZoomRate, min(zoomMax, MaxZoomRate))</c> independently per axis
/// (anisotropic, as the reference); when <c>zoomMax &lt; MinZoomRate</c> that axis uses <c>zoomMax</c> (the reference set
/// all three axes to their zoomMax there, without the cap at 1). The centre crop uses <c>min(zoomMax, 1)</c>.</para>
/// <para><b>Geometry.</b> Zooming to <c>round(size · rate)</c> voxels is <see cref="VolumeGeometry.Resample"/> (extent kept,
/// voxel-edge convention), so landmarks — kept in world coordinates — stay exact; the reference's <c>landmark · rate</c>
/// differs from its own resampler by up to half a voxel.</para>
/// <para><b>Position.</b> The random crop's start is drawn uniformly among all integer starts that keep every present
/// landmark inside the crop and, where possible, the crop inside the volume: a shift symmetric around the landmark
/// box (the reference only shifted landmarks towards the crop's low end). The centre crop centres the landmark box
/// (the volume when it is smaller than the crop). Where the crop runs past the volume it is padded, never zeroed.</para>
/// </remarks>
public static class ZoomCrop
{
    /// <summary>Plans a random zoom-and-crop.</summary>
    /// <param name="geometry">The volume's grid.</param>
    /// <param name="landmarkIndicesIjk">Continuous voxel indices of the present landmarks (may be empty).</param>
    /// <param name="options">The options (validated).</param>
    /// <param name="random">The row's random stream; exactly three doubles and three integers are drawn.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ZoomCropPlan PlanRandom(VolumeGeometry geometry, IReadOnlyList<Vector3d> landmarkIndicesIjk, RandomCropOptions options, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(landmarkIndicesIjk);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        int[] crop = [options.SizeI, options.SizeJ, options.SizeK];
        double[] margin = [options.ZoomMarginI, options.ZoomMarginJ, options.ZoomMarginK];
        (double[] lo, double[] hi) = Box(geometry.Size, landmarkIndicesIjk);
        var rates = new double[3];
        for (int a = 0; a < 3; a++)
        {
            double zoomMax = ZoomMax(crop[a], lo[a], hi[a], margin[a]);
            double u = random.NextDouble();
            if (zoomMax < options.MinZoomRate)
            {
                rates[a] = Math.Max(zoomMax, MinimumRate);
            }
            else
            {
                double top = Math.Min(zoomMax, options.MaxZoomRate);
                rates[a] = options.MinZoomRate + ((top - options.MinZoomRate) * u);
            }
        }

        return Plan(geometry, landmarkIndicesIjk, crop, rates, (a, zs, zlo, zhi) =>
        {
            int aLo = (int)Math.Ceiling(zhi) - crop[a] + 1;
            int aHi = (int)Math.Floor(zlo);
            if (aLo > aHi)
            {
                aLo = aHi = CentredStart(zlo, zhi, crop[a]);
            }

            (int bLo, int bHi) = zs >= crop[a] ? (0, zs - crop[a]) : (zs - crop[a], 0);
            int lo2 = Math.Max(aLo, bLo), hi2 = Math.Min(aHi, bHi);
            if (lo2 > hi2)
            {
                (lo2, hi2) = (aLo, aHi);
            }

            return lo2 + random.NextInt(hi2 - lo2 + 1);
        });
    }

    /// <summary>Plans the deterministic centre zoom-and-crop.</summary>
    /// <param name="geometry">The volume's grid.</param>
    /// <param name="landmarkIndicesIjk">Continuous voxel indices of the present landmarks; empty at inference, when the
    /// whole volume is centred (and shrunk to fit when <see cref="CenterCropOptions.UseZoom"/>).</param>
    /// <param name="options">The options (validated).</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ZoomCropPlan PlanCenter(VolumeGeometry geometry, IReadOnlyList<Vector3d> landmarkIndicesIjk, CenterCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(landmarkIndicesIjk);
        ArgumentNullException.ThrowIfNull(options);
        int[] crop = [options.SizeI, options.SizeJ, options.SizeK];
        double[] margin = [options.ZoomMarginI, options.ZoomMarginJ, options.ZoomMarginK];
        (double[] lo, double[] hi) = Box(geometry.Size, landmarkIndicesIjk);
        var rates = new double[3];
        for (int a = 0; a < 3; a++)
        {
            rates[a] = options.UseZoom ? Math.Min(Math.Max(ZoomMax(crop[a], lo[a], hi[a], margin[a]), MinimumRate), 1.0) : 1.0;
        }

        return Plan(geometry, landmarkIndicesIjk, crop, rates, (a, zs, zlo, zhi) =>
            zs >= crop[a]
                ? Math.Clamp((int)Math.Floor(((zlo + zhi) / 2) - (crop[a] / 2.0)), 0, zs - crop[a])
                : -((crop[a] - zs) / 2));
    }

    /// <summary>Applies a plan: resamples the volume onto the crop grid (an exact copy when the zoom is 1 on every axis).</summary>
    /// <param name="volume">The scalar volume the plan was made for.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="paddingValue">The value of voxels outside the volume.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The cropped volume on <see cref="ZoomCropPlan.CropGeometry"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The volume has more than one component.</exception>
    public static Volume Apply(Volume volume, ZoomCropPlan plan, float paddingValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(plan);
        return plan.ZoomedSize == volume.Size
            ? VolumeResampling.CropOrPad(volume, (plan.StartI, plan.StartJ, plan.StartK), plan.CropGeometry.Size, paddingValue)
            : VolumeResampling.ResampleOnto(volume, plan.CropGeometry, paddingValue, cancellationToken);
    }

    /// <summary>The smallest zoom rate ever used (a landmark spread 100 times the crop).</summary>
    private const double MinimumRate = 0.01;

    private static ZoomCropPlan Plan(VolumeGeometry geometry, IReadOnlyList<Vector3d> landmarks, int[] crop, double[] rates, Func<int, int, double, double, int> start)
    {
        VolumeSize size = geometry.Size;
        var zoomed = new VolumeSize(ZoomedLength(size.I, rates[0]), ZoomedLength(size.J, rates[1]), ZoomedLength(size.K, rates[2]));
        VolumeGeometry zoomedGeometry = zoomed == size ? geometry : geometry.Resample(zoomed);
        var starts = new int[3];
        for (int a = 0; a < 3; a++)
        {
            double scale = (double)zoomed[a] / size[a];
            double zlo, zhi;
            if (landmarks.Count == 0)
            {
                (zlo, zhi) = (0, zoomed[a] - 1);
            }
            else
            {
                (zlo, zhi) = (double.PositiveInfinity, double.NegativeInfinity);
                foreach (Vector3d l in landmarks)
                {
                    double z = ((l[a] + 0.5) * scale) - 0.5;
                    zlo = Math.Min(zlo, z);
                    zhi = Math.Max(zhi, z);
                }
            }

            starts[a] = start(a, zoomed[a], zlo, zhi);
        }

        var effective = new Vector3d((double)zoomed.I / size.I, (double)zoomed.J / size.J, (double)zoomed.K / size.K);
        VolumeGeometry cropGeometry = zoomedGeometry.Crop((starts[0], starts[1], starts[2]), new VolumeSize(crop[0], crop[1], crop[2]));
        return new ZoomCropPlan(effective, zoomed, starts[0], starts[1], starts[2], cropGeometry);
    }

    private static (double[] Lo, double[] Hi) Box(VolumeSize size, IReadOnlyList<Vector3d> landmarks)
    {
        if (landmarks.Count == 0)
        {
            return ([0, 0, 0], [size.I - 1, size.J - 1, size.K - 1]);
        }

        double[] lo = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
        double[] hi = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        foreach (Vector3d l in landmarks)
        {
            if (!l.IsFinite)
            {
                throw new ArgumentException($"A present landmark has a non-finite index {l}.", nameof(landmarks));
            }

            for (int a = 0; a < 3; a++)
            {
                lo[a] = Math.Min(lo[a], l[a]);
                hi[a] = Math.Max(hi[a], l[a]);
            }
        }

        return (lo, hi);
    }

    private static double ZoomMax(int crop, double lo, double hi, double margin)
    {
        double extent = hi - lo;
        return extent <= 1e-9 ? double.PositiveInfinity : (crop / extent) - margin;
    }

    private static int ZoomedLength(int size, double rate) => (int)Math.Max(1, Math.Min(1 << 20, Math.Round(size * rate, MidpointRounding.AwayFromZero)));

    private static int CentredStart(double lo, double hi, int crop) => (int)Math.Floor(((lo + hi) / 2) - ((crop - 1) / 2.0) + 0.5);
}
