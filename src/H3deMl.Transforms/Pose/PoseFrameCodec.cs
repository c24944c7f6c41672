using H3deMl.Core.Geometry;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Pose;

/// <summary>Writes and reads a <see cref="PoseFrame"/> in a model entry.</summary>
/// <remarks>Layout: int32 point count, then x, y, z (float64) per template point; centroid (3 float64); axes, row-major
/// (9 float64); grid origin (3 float64); grid size (3 int32); spacing (float64). The count is bounded before anything
/// is allocated, and every value is checked.</remarks>
internal static class PoseFrameCodec
{
    public const int MaxTemplatePoints = 200_000;

    public static void Write(BinaryWriter writer, PoseFrame frame)
    {
        writer.Write(frame.Template.Length);
        foreach (Vector3d p in frame.Template)
        {
            WriteVector(writer, p);
        }

        WriteVector(writer, frame.Centroid);
        foreach (double v in frame.Axes.ToRowMajorArray())
        {
            writer.Write(v);
        }

        WriteVector(writer, frame.GridOrigin);
        writer.Write(frame.GridSize.I);
        writer.Write(frame.GridSize.J);
        writer.Write(frame.GridSize.K);
        writer.Write(frame.SpacingMm);
    }

    public static PoseFrame Read(IHostEnvironment env, BinaryReader reader)
    {
        int count = reader.ReadInt32();
        env.CheckDecode(count is >= 3 and <= MaxTemplatePoints, $"NormalizePose: the template claims {count} points (3 to {MaxTemplatePoints}).");
        var template = new Vector3d[count];
        for (int n = 0; n < count; n++)
        {
            template[n] = ReadVector(env, reader);
        }

        Vector3d centroid = ReadVector(env, reader);
        var axes = new double[9];
        for (int n = 0; n < 9; n++)
        {
            axes[n] = reader.ReadDouble();
        }

        Vector3d origin = ReadVector(env, reader);
        int i = reader.ReadInt32(), j = reader.ReadInt32(), k = reader.ReadInt32();
        double spacing = reader.ReadDouble();
        env.CheckDecode(new[] { i, j, k }.All(s => s is >= 1 and <= PoseFrame.MaxGridSize) && spacing > 0 && double.IsFinite(spacing), "NormalizePose: the saved grid is invalid.");
        Matrix3d rotation = Matrix3d.FromRowMajor(axes);
        env.CheckDecode(axes.All(double.IsFinite) && Math.Abs(rotation.Determinant - 1) < 1e-6, "NormalizePose: the saved axes are not a rotation.");
        return new PoseFrame(template, centroid, rotation, origin, new VolumeSize(i, j, k), spacing);
    }

    private static void WriteVector(BinaryWriter writer, Vector3d v)
    {
        writer.Write(v.X);
        writer.Write(v.Y);
        writer.Write(v.Z);
    }

    private static Vector3d ReadVector(IHostEnvironment env, BinaryReader reader)
    {
        var v = new Vector3d(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        env.CheckDecode(v.IsFinite, "NormalizePose: the saved frame holds a non-finite value.");
        return v;
    }
}
