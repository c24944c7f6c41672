using System.Globalization;

namespace H3deMl.Core.Geometry;

/// <summary>An immutable 3×3 matrix of doubles, stored row by row.</summary>
/// <remarks>Used for direction cosines: column c is the LPS unit vector of voxel axis c (ITK convention).</remarks>
public readonly struct Matrix3d : IEquatable<Matrix3d>
{
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    /// <summary>Creates a matrix from its nine elements, row by row.</summary>
    /// <param name="m00">Row 0, column 0.</param>
    /// <param name="m01">Row 0, column 1.</param>
    /// <param name="m02">Row 0, column 2.</param>
    /// <param name="m10">Row 1, column 0.</param>
    /// <param name="m11">Row 1, column 1.</param>
    /// <param name="m12">Row 1, column 2.</param>
    /// <param name="m20">Row 2, column 0.</param>
    /// <param name="m21">Row 2, column 1.</param>
    /// <param name="m22">Row 2, column 2.</param>
    public Matrix3d(double m00, double m01, double m02, double m10, double m11, double m12, double m20, double m21, double m22)
    {
        _m00 = m00; _m01 = m01; _m02 = m02;
        _m10 = m10; _m11 = m11; _m12 = m12;
        _m20 = m20; _m21 = m21; _m22 = m22;
    }

    /// <summary>The identity matrix.</summary>
    public static Matrix3d Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Gets an element.</summary>
    /// <param name="row">The row, 0 to 2.</param>
    /// <param name="column">The column, 0 to 2.</param>
    /// <returns>The element.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is outside 0 to 2.</exception>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row > 2)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row, "The row must be 0, 1 or 2.");
            }

            if ((uint)column > 2)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, "The column must be 0, 1 or 2.");
            }

            return (row * 3 + column) switch
            {
                0 => _m00, 1 => _m01, 2 => _m02,
                3 => _m10, 4 => _m11, 5 => _m12,
                6 => _m20, 7 => _m21, _ => _m22,
            };
        }
    }

    /// <summary>Creates a matrix from nine values, row by row.</summary>
    /// <param name="rowMajor">Nine values.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentException"><paramref name="rowMajor"/> does not hold exactly nine values.</exception>
    public static Matrix3d FromRowMajor(ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length != 9)
        {
            throw new ArgumentException($"Expected 9 values but got {rowMajor.Length}.", nameof(rowMajor));
        }

        return new Matrix3d(rowMajor[0], rowMajor[1], rowMajor[2], rowMajor[3], rowMajor[4], rowMajor[5], rowMajor[6], rowMajor[7], rowMajor[8]);
    }

    /// <summary>Creates a matrix from its three columns.</summary>
    /// <param name="c0">Column 0.</param>
    /// <param name="c1">Column 1.</param>
    /// <param name="c2">Column 2.</param>
    /// <returns>The matrix.</returns>
    public static Matrix3d FromColumns(Vector3d c0, Vector3d c1, Vector3d c2) =>
        new(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);

    /// <summary>Creates a diagonal matrix.</summary>
    /// <param name="d">The diagonal.</param>
    /// <returns>diag(d).</returns>
    public static Matrix3d Diagonal(Vector3d d) => new(d.X, 0, 0, 0, d.Y, 0, 0, 0, d.Z);

    /// <summary>Gets a column.</summary>
    /// <param name="column">0, 1 or 2.</param>
    /// <returns>The column vector.</returns>
    public Vector3d Column(int column) => new(this[0, column], this[1, column], this[2, column]);

    /// <summary>Gets a row.</summary>
    /// <param name="row">0, 1 or 2.</param>
    /// <returns>The row vector.</returns>
    public Vector3d Row(int row) => new(this[row, 0], this[row, 1], this[row, 2]);

    /// <summary>The determinant.</summary>
    public double Determinant =>
        (_m00 * ((_m11 * _m22) - (_m12 * _m21))) - (_m01 * ((_m10 * _m22) - (_m12 * _m20))) + (_m02 * ((_m10 * _m21) - (_m11 * _m20)));

    /// <summary>The transpose.</summary>
    public Matrix3d Transpose => new(_m00, _m10, _m20, _m01, _m11, _m21, _m02, _m12, _m22);

    /// <summary>Whether every element is finite.</summary>
    public bool IsFinite
    {
        get
        {
            foreach (double v in ToRowMajorArray())
            {
                if (!double.IsFinite(v))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The inverse.</summary>
    /// <returns>M⁻¹.</returns>
    /// <exception cref="InvalidOperationException">The matrix is singular.</exception>
    public Matrix3d Inverse()
    {
        double det = Determinant;
        if (det == 0 || !double.IsFinite(det))
        {
            throw new InvalidOperationException("The matrix is singular and has no inverse.");
        }

        double inv = 1.0 / det;
        return new Matrix3d(
            ((_m11 * _m22) - (_m12 * _m21)) * inv,
            ((_m02 * _m21) - (_m01 * _m22)) * inv,
            ((_m01 * _m12) - (_m02 * _m11)) * inv,
            ((_m12 * _m20) - (_m10 * _m22)) * inv,
            ((_m00 * _m22) - (_m02 * _m20)) * inv,
            ((_m02 * _m10) - (_m00 * _m12)) * inv,
            ((_m10 * _m21) - (_m11 * _m20)) * inv,
            ((_m01 * _m20) - (_m00 * _m21)) * inv,
            ((_m00 * _m11) - (_m01 * _m10)) * inv);
    }

    /// <summary>Multiplies a matrix by a column vector.</summary>
    /// <param name="m">The matrix.</param>
    /// <param name="v">The vector.</param>
    /// <returns>M·v.</returns>
    public static Vector3d operator *(Matrix3d m, Vector3d v) => new(
        (m._m00 * v.X) + (m._m01 * v.Y) + (m._m02 * v.Z),
        (m._m10 * v.X) + (m._m11 * v.Y) + (m._m12 * v.Z),
        (m._m20 * v.X) + (m._m21 * v.Y) + (m._m22 * v.Z));

    /// <summary>Multiplies two matrices.</summary>
    /// <param name="a">The left matrix.</param>
    /// <param name="b">The right matrix.</param>
    /// <returns>A·B.</returns>
    public static Matrix3d operator *(Matrix3d a, Matrix3d b) =>
        FromColumns(a * b.Column(0), a * b.Column(1), a * b.Column(2));

    /// <summary>Returns the elements row by row as a new array.</summary>
    /// <returns>Nine values.</returns>
    public double[] ToRowMajorArray() => [_m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22];

    /// <summary>The largest absolute element-wise difference to another matrix.</summary>
    /// <param name="other">The other matrix.</param>
    /// <returns>max |aᵢⱼ − bᵢⱼ|.</returns>
    public double MaxAbsDifference(Matrix3d other)
    {
        double[] a = ToRowMajorArray();
        double[] b = other.ToRowMajorArray();
        double max = 0;
        for (int n = 0; n < 9; n++)
        {
            max = Math.Max(max, Math.Abs(a[n] - b[n]));
        }

        return max;
    }

    /// <inheritdoc/>
    public bool Equals(Matrix3d other) => ToRowMajorArray().AsSpan().SequenceEqual(other.ToRowMajorArray());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Matrix3d m && Equals(m);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_m00, _m01, _m02, _m10, _m11, _m12, _m20, HashCode.Combine(_m21, _m22));

    /// <summary>Exact element-wise equality.</summary>
    /// <param name="a">The first matrix.</param>
    /// <param name="b">The second matrix.</param>
    /// <returns>Whether all elements are equal.</returns>
    public static bool operator ==(Matrix3d a, Matrix3d b) => a.Equals(b);

    /// <summary>Exact element-wise inequality.</summary>
    /// <param name="a">The first matrix.</param>
    /// <param name="b">The second matrix.</param>
    /// <returns>Whether any element differs.</returns>
    public static bool operator !=(Matrix3d a, Matrix3d b) => !a.Equals(b);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"[[{_m00:R}, {_m01:R}, {_m02:R}], [{_m10:R}, {_m11:R}, {_m12:R}], [{_m20:R}, {_m21:R}, {_m22:R}]]");
}
