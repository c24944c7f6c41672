using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>Landmarks as an ML.NET column: 3 floats per landmark (L, P, S millimetres), NaN where missing, slot names
/// "Name.L", "Name.P", "Name.S".</summary>
internal static class LandmarkColumn
{
    private static readonly string[] AxisSuffixes = [".L", ".P", ".S"];

    public static VectorDataViewType Type(int landmarkCount) => new(NumberDataViewType.Single, 3 * landmarkCount);

    public static DataViewSchema.Annotations SlotNameAnnotations(IReadOnlyList<string> names) =>
        SlotNames.Annotations([.. names.SelectMany(n => AxisSuffixes.Select(s => n + s))]);

    /// <summary>The landmark names of a landmark column: from its slot names, else "1", "2", … .</summary>
    public static IReadOnlyList<string> Names(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector || vector.Size % 3 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(column),
                $"Column '{column.Name}' must hold 3 floats per landmark (a known-size vector of Single), but it is {column.Type}.");
        }

        string[]? slots = SlotNames.Read(column);
        int count = vector.Size / 3;
        if (slots is null || slots.Length != vector.Size)
        {
            return [.. Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }

        var names = new string[count];
        for (int i = 0; i < count; i++)
        {
            string slot = slots[3 * i];
            names[i] = slot.EndsWith(AxisSuffixes[0], StringComparison.Ordinal) ? slot[..^2] : slot;
        }

        return names;
    }

    public static float[] ToVector(LandmarkSet landmarks)
    {
        var values = new float[3 * landmarks.Count];
        for (int i = 0; i < landmarks.Count; i++)
        {
            Landmark l = landmarks[i];
            Vector3d p = l.PositionLps;
            values[3 * i] = l.IsPresent ? (float)p.X : float.NaN;
            values[(3 * i) + 1] = l.IsPresent ? (float)p.Y : float.NaN;
            values[(3 * i) + 2] = l.IsPresent ? (float)p.Z : float.NaN;
        }

        return values;
    }

    public static LandmarkSet FromVector(ReadOnlySpan<float> values, IReadOnlyList<string> names)
    {
        if (values.Length != 3 * names.Count)
        {
            throw new ArgumentException($"The landmark vector has {values.Length} values; {names.Count} landmarks need {3 * names.Count}.", nameof(values));
        }

        var landmarks = new Landmark[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            var p = new Vector3d(values[3 * i], values[(3 * i) + 1], values[(3 * i) + 2]);
            landmarks[i] = new Landmark(names[i], p.IsFinite ? p : default, p.IsFinite);
        }

        return new LandmarkSet(landmarks);
    }

    public static void Write(LandmarkSet landmarks, ref VBuffer<float> destination)
    {
        var editor = VBufferEditor.Create(ref destination, 3 * landmarks.Count);
        ToVector(landmarks).CopyTo(editor.Values);
        destination = editor.Commit();
    }
}
