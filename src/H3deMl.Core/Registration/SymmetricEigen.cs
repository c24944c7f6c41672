namespace H3deMl.Core.Registration;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations.</summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 64;

    /// <summary>Decomposes <paramref name="matrix"/> (n × n, symmetric; overwritten).</summary>
    /// <param name="matrix">The matrix; on return its diagonal holds the eigenvalues (unsorted).</param>
    /// <returns>Eigenvalues in descending order and the matching unit eigenvectors as columns.</returns>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var v = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < MaxSweeps && OffDiagonal(matrix) > 1e-30 * (1 + Diagonal(matrix)); sweep++)
        {
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    Rotate(matrix, v, p, q);
                }
            }
        }

        return Sorted(matrix, v);
    }

    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        double apq = a[p, q];
        if (apq == 0)
        {
            return;
        }

        double theta = (a[q, q] - a[p, p]) / (2 * apq);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
        int n = a.GetLength(0);
        for (int k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = (c * akp) - (s * akq);
            a[k, q] = (s * akp) + (c * akq);
        }

        for (int k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = (c * apk) - (s * aqk);
            a[q, k] = (s * apk) + (c * aqk);
        }

        for (int k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = (c * vkp) - (s * vkq);
            v[k, q] = (s * vkp) + (c * vkq);
        }
    }

    private static double OffDiagonal(double[,] a)
    {
        double sum = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(0); j++)
            {
                sum += i == j ? 0 : a[i, j] * a[i, j];
            }
        }

        return sum;
    }

    private static double Diagonal(double[,] a)
    {
        double sum = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            sum += a[i, i] * a[i, i];
        }

        return sum;
    }

    private static (double[], double[,]) Sorted(double[,] a, double[,] v)
    {
        int n = a.GetLength(0);
        int[] order = [.. Enumerable.Range(0, n).OrderByDescending(i => a[i, i]).ThenBy(i => i)];
        var values = new double[n];
        var vectors = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            values[c] = a[order[c], order[c]];
            for (int r = 0; r < n; r++)
            {
                vectors[r, c] = v[r, order[c]];
            }
        }

        return (values, vectors);
    }
}
