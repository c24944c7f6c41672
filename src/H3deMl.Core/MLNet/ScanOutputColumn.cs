using H3deMl.Core.Data;
using H3deMl.Core.Landmarks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>A column a scan step writes: its name, type and annotations, and how to read its value from the transformed
/// <see cref="ScanRow"/>.</summary>
internal sealed class ScanOutputColumn
{
    private readonly Func<Func<ScanRow>, Delegate> _makeGetter;

    private ScanOutputColumn(string name, DataViewType type, DataViewSchema.Annotations? annotations, Func<Func<ScanRow>, Delegate> makeGetter)
    {
        Name = name;
        Type = type;
        Annotations = annotations;
        _makeGetter = makeGetter;
    }

    public string Name { get; }

    public DataViewType Type { get; }

    public DataViewSchema.Annotations? Annotations { get; }

    /// <summary>The scan's volume.</summary>
    public static ScanOutputColumn Volume(string name) =>
        Object(name, VolumeDataViewType.Instance, row => row.RequireVolume(name));

    /// <summary>The scan's landmarks (<see cref="LandmarkColumn"/>), in the order of <paramref name="names"/>.</summary>
    public static ScanOutputColumn Landmarks(string name, IReadOnlyList<string> names) =>
        new(name, LandmarkColumn.Type(names.Count), LandmarkColumn.SlotNameAnnotations(names), current =>
            (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                ScanRow row = current();
                LandmarkSet set = row.Landmarks ?? throw new InvalidOperationException($"Case '{row.Id}' has no landmarks for column '{name}'.");
                LandmarkColumn.Write(set, ref value);
            }));

    /// <summary>A derived object stored in <see cref="ScanRow.Features"/> under the column's name.</summary>
    public static ScanOutputColumn Feature<T>(string name, string displayName)
        where T : class =>
        Object(name, new ScanFeatureDataViewType(typeof(T), displayName), row => row.GetFeature<T>(name));

    /// <summary>A float vector computed from the row.</summary>
    public static ScanOutputColumn Floats(string name, int size, DataViewSchema.Annotations? annotations, Func<ScanRow, float[]> value) =>
        Vector(name, NumberDataViewType.Single, size, annotations, value);

    /// <summary>A boolean vector computed from the row.</summary>
    public static ScanOutputColumn Booleans(string name, int size, DataViewSchema.Annotations? annotations, Func<ScanRow, bool[]> value) =>
        Vector(name, BooleanDataViewType.Instance, size, annotations, value);

    /// <summary>A getter that reads the column's value from the row <paramref name="current"/> returns.</summary>
    public Delegate MakeGetter(Func<ScanRow> current) => _makeGetter(current);

    private static ScanOutputColumn Object<T>(string name, DataViewType type, Func<ScanRow, T> value)
        where T : class =>
        new(name, type, null, current => (ValueGetter<T>)((ref T destination) => destination = value(current())));

    private static ScanOutputColumn Vector<T>(string name, PrimitiveDataViewType itemType, int size, DataViewSchema.Annotations? annotations, Func<ScanRow, T[]> value) =>
        new(name, new VectorDataViewType(itemType, size), annotations, current =>
            (ValueGetter<VBuffer<T>>)((ref VBuffer<T> destination) =>
            {
                T[] values = value(current());
                var editor = VBufferEditor.Create(ref destination, values.Length);
                values.CopyTo(editor.Values);
                destination = editor.Commit();
            }));
}
