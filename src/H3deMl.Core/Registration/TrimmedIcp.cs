using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>Trimmed iterative closest point (Chetverikov et al. 2002) with a similarity fit per step: match every moving
/// point to its nearest fixed point, keep the closest fraction, fit Umeyama's transform to the kept pairs, repeat until
/// the trimmed RMS stops falling.</summary>
internal sealed class TrimmedIcp
{
    private readonly Vector3d[] _moving;
    private readonly PointCloudIndex _fixed;
    private readonly double _trimFraction;
    private readonly bool _allowScaling;
    private readonly Vector3d[] _matched, _keptSource, _keptTarget;
    private readonly double[] _distances, _work;

    public TrimmedIcp(Vector3d[] moving, PointCloudIndex fixedCloud, double trimFraction, bool allowScaling)
    {
        _moving = moving;
        _fixed = fixedCloud;
        _trimFraction = trimFraction;
        _allowScaling = allowScaling;
        _matched = new Vector3d[moving.Length];
        _keptSource = new Vector3d[moving.Length];
        _keptTarget = new Vector3d[moving.Length];
        _distances = new double[moving.Length];
        _work = new double[moving.Length];
    }

    public SurfaceRegistrationResult Run(SimilarityTransform initial, int maxIterations, double relativeTolerance)
    {
        var best = new SurfaceRegistrationResult(initial, double.PositiveInfinity, 0);
        SimilarityTransform transform = initial;
        for (int iteration = 0; ; iteration++)
        {
            double rms = Match(transform, out double cutoff);
            if (rms >= best.TrimmedRmsMm)
            {
                // Trimming can make a step worse; the best pose so far is the answer.
                return best with { TrimmedRmsMm = double.IsFinite(best.TrimmedRmsMm) ? best.TrimmedRmsMm : rms, Iterations = iteration };
            }

            bool converged = best.TrimmedRmsMm - rms <= relativeTolerance * rms;
            best = new SurfaceRegistrationResult(transform, rms, iteration);
            if (converged || iteration == maxIterations)
            {
                return best;
            }

            int kept = Keep(cutoff);
            transform = kept >= 3 ? Umeyama.Estimate(_keptSource.AsSpan(0, kept), _keptTarget.AsSpan(0, kept), _allowScaling) : transform;
        }
    }

    /// <summary>The trimmed RMS of the moving points under <paramref name="transform"/>; fills the matches.</summary>
    private double Match(SimilarityTransform transform, out double cutoff)
    {
        for (int i = 0; i < _moving.Length; i++)
        {
            _matched[i] = _fixed.NearestPoint(transform.Apply(_moving[i]), out _distances[i]);
        }

        int count = KeepCount;
        _distances.CopyTo(_work, 0);
        cutoff = Select(_work, count - 1);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < _distances.Length && n < count; i++)
        {
            if (_distances[i] <= cutoff)
            {
                sum += _distances[i];
                n++;
            }
        }

        return Math.Sqrt(sum / n);
    }

    private int KeepCount => Math.Max(1, (int)Math.Ceiling(_trimFraction * _moving.Length));

    private int Keep(double cutoff)
    {
        int n = 0, count = KeepCount;
        for (int i = 0; i < _moving.Length && n < count; i++)
        {
            if (_distances[i] <= cutoff)
            {
                _keptSource[n] = _moving[i];
                _keptTarget[n] = _matched[i];
                n++;
            }
        }

        return n;
    }

    /// <summary>The k-th smallest value (0-based) by quickselect; reorders <paramref name="values"/>.</summary>
    private static double Select(double[] values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            double pivot = MedianOfThree(values[lo], values[(lo + hi) >> 1], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
