using System.Globalization;

namespace H3deMl.Core.Geometry;

/// <summary>An immutable 3-vector of doubles: a world position or offset in LPS millimetres, or a continuous voxel index (i, j, k).</summary>
/// <param name="X">The first component (L in LPS, or i).</param>
/// <param name="Y">The second component (P in LPS, or j).</param>
/// <param name="Z">The third component (S in LPS, or k).</param>
public readonly record struct Vector3d(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vector3d Zero => default;

    /// <summary>The vector (1, 1, 1).</summary>
    public static Vector3d One => new(1, 1, 1);

    /// <summary>Gets a component by index.</summary>
    /// <param name="axis">0, 1 or 2.</param>
    /// <returns>The component.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not 0, 1 or 2.</exception>
    public double this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "The axis must be 0, 1 or 2."),
    };

    /// <summary>The Euclidean length.</summary>
    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    /// <summary>Whether every component is finite (neither NaN nor infinite).</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y) && double.IsFinite(Z);

    /// <summary>Adds two vectors.</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector.</param>
    /// <returns>The sum.</returns>
    public static Vector3d operator +(Vector3d a, Vector3d b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Subtracts two vectors.</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The vector subtracted.</param>
    /// <returns>The difference.</returns>
    public static Vector3d operator -(Vector3d a, Vector3d b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negates a vector.</summary>
    /// <param name="a">The vector.</param>
    /// <returns>The negated vector.</returns>
    public static Vector3d operator -(Vector3d a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scales a vector.</summary>
    /// <param name="a">The vector.</param>
    /// <param name="s">The scale.</param>
    /// <returns>The scaled vector.</returns>
    public static Vector3d operator *(Vector3d a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Multiplies two vectors component by component.</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector.</param>
    /// <returns>The component-wise product.</returns>
    public static Vector3d Multiply(Vector3d a, Vector3d b) => new(a.X * b.X, a.Y * b.Y, a.Z * b.Z);

    /// <summary>Divides two vectors component by component.</summary>
    /// <param name="a">The dividend.</param>
    /// <param name="b">The divisor.</param>
    /// <returns>The component-wise quotient.</returns>
    public static Vector3d Divide(Vector3d a, Vector3d b) => new(a.X / b.X, a.Y / b.Y, a.Z / b.Z);

    /// <summary>The dot product.</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector.</param>
    /// <returns>a·b.</returns>
    public static double Dot(Vector3d a, Vector3d b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    /// <summary>The cross product.</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector.</param>
    /// <returns>a×b.</returns>
    public static Vector3d Cross(Vector3d a, Vector3d b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    /// <summary>The Euclidean distance between two points.</summary>
    /// <param name="a">The first point.</param>
    /// <param name="b">The second point.</param>
    /// <returns>|a − b|.</returns>
    public static double Distance(Vector3d a, Vector3d b) => (a - b).Length;

    /// <summary>Creates a vector from a span of exactly three values.</summary>
    /// <param name="values">Three values.</param>
    /// <returns>The vector.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly three values.</exception>
    public static Vector3d FromSpan(ReadOnlySpan<double> values)
    {
        if (values.Length != 3)
        {
            throw new ArgumentException($"Expected 3 values but got {values.Length}.", nameof(values));
        }

        return new Vector3d(values[0], values[1], values[2]);
    }

    /// <summary>Returns the components as a new array.</summary>
    /// <returns>[X, Y, Z].</returns>
    public double[] ToArray() => [X, Y, Z];

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({X:R}, {Y:R}, {Z:R})");
}
