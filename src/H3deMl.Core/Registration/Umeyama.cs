using H3deMl.Core.Geometry;

namespace H3deMl.Core.Registration;

/// <summary>The closed-form least-squares similarity between corresponding point sets (Umeyama 1991), with the
/// rotation taken from the dominant eigenvector of Horn's 4 × 4 quaternion matrix (equivalent to Umeyama's SVD with the
/// reflection correction, and always a proper rotation).</summary>
internal static class Umeyama
{
    public static SimilarityTransform Estimate(ReadOnlySpan<Vector3d> source, ReadOnlySpan<Vector3d> target, bool allowScaling)
    {
        Vector3d sourceMean = Mean(source), targetMean = Mean(target);
        double sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0, sourceVariance = 0;
        for (int i = 0; i < source.Length; i++)
        {
            Vector3d a = source[i] - sourceMean, b = target[i] - targetMean;
            sxx += a.X * b.X; sxy += a.X * b.Y; sxz += a.X * b.Z;
            syx += a.Y * b.X; syy += a.Y * b.Y; syz += a.Y * b.Z;
            szx += a.Z * b.X; szy += a.Z * b.Y; szz += a.Z * b.Z;
            sourceVariance += Vector3d.Dot(a, a);
        }

        var n = new double[,]
        {
            { sxx + syy + szz, syz - szy, szx - sxz, sxy - syx },
            { syz - szy, sxx - syy - szz, sxy + syx, szx + sxz },
            { szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy },
            { sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz },
        };
        (double[] values, double[,] vectors) = SymmetricEigen.Decompose(n);
        Matrix3d rotation = FromQuaternion(vectors[0, 0], vectors[1, 0], vectors[2, 0], vectors[3, 0]);
        double scale = allowScaling && sourceVariance > 0 && values[0] > 0 ? values[0] / sourceVariance : 1;
        return new SimilarityTransform(rotation, scale, targetMean - ((rotation * sourceMean) * scale));
    }

    private static Vector3d Mean(ReadOnlySpan<Vector3d> points)
    {
        double x = 0, y = 0, z = 0;
        foreach (Vector3d p in points)
        {
            x += p.X;
            y += p.Y;
            z += p.Z;
        }

        return new Vector3d(x, y, z) * (1.0 / points.Length);
    }

    private static Matrix3d FromQuaternion(double w, double x, double y, double z)
    {
        double norm = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        w /= norm;
        x /= norm;
        y /= norm;
        z /= norm;
        return new Matrix3d(
            (w * w) + (x * x) - (y * y) - (z * z), 2 * ((x * y) - (w * z)), 2 * ((x * z) + (w * y)),
            2 * ((y * x) + (w * z)), (w * w) - (x * x) + (y * y) - (z * z), 2 * ((y * z) - (w * x)),
            2 * ((z * x) - (w * y)), 2 * ((z * y) + (w * x)), (w * w) - (x * x) - (y * y) + (z * z));
    }
}
