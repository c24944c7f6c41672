using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Registration;

/// <summary>The binary layout of a model's templates: int32 template count, int32 landmark count, then per template an
/// int32 point count, the points (3 float64 each), the landmarks (3 float64 each, NaN when missing) and the transform to
/// the reference (rotation row-major, scale, translation: 13 float64). Little-endian.</summary>
internal static class TemplateCodec
{
    private const int TransformDoubles = 13;

    /// <summary>The most bytes a model with <paramref name="options"/> can hold.</summary>
    public static long MaxBytes(TemplateRegistrationModelOptions options) =>
        8 + ((long)options.TemplateCount * (4 + (24L * options.Surface.MaxPoints) + (24L * options.LandmarkNames.Count) + (8 * TransformDoubles)));

    public static byte[] Encode(TemplateSet set)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(set.Templates.Count);
            writer.Write(set.LandmarkCount);
            foreach (RegistrationTemplate t in set.Templates)
            {
                writer.Write(t.Surface.Length);
                WritePoints(writer, t.Surface);
                WritePoints(writer, t.Landmarks);
                SimilarityTransform r = t.ToReference;
                foreach (double v in r.Rotation.ToRowMajorArray().Append(r.Scale).Concat(r.Translation.ToArray()))
                {
                    writer.Write(v);
                }
            }
        }

        return stream.ToArray();
    }

    public static TemplateSet Decode(IHostEnvironment env, byte[] bytes, TemplateRegistrationModelOptions options)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        int count = reader.ReadInt32(), landmarks = reader.ReadInt32();
        env.CheckDecode(count == options.TemplateCount && landmarks == options.LandmarkNames.Count,
            $"TemplateRegistration: '{TemplateRegistrationModel.TemplatesEntryName}' holds {count} templates of {landmarks} landmarks; the options say {options.TemplateCount} of {options.LandmarkNames.Count}.");
        var templates = new RegistrationTemplate[count];
        for (int t = 0; t < count; t++)
        {
            templates[t] = ReadTemplate(env, reader, landmarks, options.Surface.MaxPoints);
        }

        env.CheckDecode(reader.BaseStream.Position == bytes.Length, $"TemplateRegistration: '{TemplateRegistrationModel.TemplatesEntryName}' has bytes after the last template.");
        return new TemplateSet(templates, landmarks);
    }

    private static RegistrationTemplate ReadTemplate(IHostEnvironment env, BinaryReader reader, int landmarks, int maxPoints)
    {
        int points = reader.ReadInt32();
        env.CheckDecode(points >= 3 && points <= maxPoints, $"TemplateRegistration: a template claims {points} surface points (3 to {maxPoints} allowed).");
        Vector3d[] surface = ReadPoints(reader, points);
        env.CheckDecode(surface.All(p => p.IsFinite), "TemplateRegistration: a template's surface holds a non-finite point.");
        Vector3d[] marks = ReadPoints(reader, landmarks);
        env.CheckDecode(marks.All(p => p.IsFinite || (double.IsNaN(p.X) && double.IsNaN(p.Y) && double.IsNaN(p.Z))), "TemplateRegistration: a template landmark is partly missing or infinite.");
        var values = new double[TransformDoubles];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }

        var transform = new SimilarityTransform(Matrix3d.FromRowMajor(values.AsSpan(0, 9)), values[9], Vector3d.FromSpan(values.AsSpan(10, 3)));
        env.CheckDecode(IsValid(transform), "TemplateRegistration: a template's transform to the reference is not a finite similarity.");
        return new RegistrationTemplate(surface, marks, transform);
    }

    private static bool IsValid(SimilarityTransform t) =>
        t.Rotation.IsFinite && t.Translation.IsFinite && t.Scale > 0 && double.IsFinite(t.Scale)
        && (t.Rotation * t.Rotation.Transpose).MaxAbsDifference(Matrix3d.Identity) < 1e-6 && t.Rotation.Determinant > 0;

    private static void WritePoints(BinaryWriter writer, Vector3d[] points)
    {
        foreach (Vector3d p in points)
        {
            writer.Write(p.X);
            writer.Write(p.Y);
            writer.Write(p.Z);
        }
    }

    private static Vector3d[] ReadPoints(BinaryReader reader, int count)
    {
        var points = new Vector3d[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new Vector3d(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        }

        return points;
    }
}
