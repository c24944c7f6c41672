using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// A parsed DICOM dataset (or sequence item): its elements by tag, with typed access in three flavours, as fo-dicom has
/// them: <c>Get…</c> throws an <see cref="InvalidVolumeContentException"/> naming the file, the tag and the value count it
/// found; <c>TryGet…</c> returns false; <c>Get…OrDefault</c> returns the default. Text values are decoded as ASCII/Latin-1
/// (enough for the numbers and UIDs we interpret) with trailing spaces and NULs removed.
/// </summary>
internal sealed class DicomDataset
{
    private readonly Dictionary<uint, DicomElement> _elements = [];

    public DicomDataset(string filePath)
    {
        FilePath = filePath;
    }

    public string FilePath { get; }

    public int Count => _elements.Count;

    public IEnumerable<DicomElement> Elements => _elements.Values;

    public bool Contains(DicomTag tag) => _elements.ContainsKey(tag.Value);

    /// <summary>Adds an element; a repeated tag keeps the first occurrence (files with duplicated elements exist).</summary>
    public void Add(DicomElement element) => _elements.TryAdd(element.Tag.Value, element);

    public DicomElement? Find(DicomTag tag) => _elements.GetValueOrDefault(tag.Value);

    // ---- strings ----

    public bool TryGetString(DicomTag tag, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (Find(tag) is not { } element || element.Items is not null || element.Fragments is not null)
        {
            return false;
        }

        value = DecodeText(element.Value.Span);
        return true;
    }

    public string GetString(DicomTag tag) =>
        TryGetString(tag, out string? value) ? value : throw Missing(tag, "a text value", 0);

    public string GetStringOrDefault(DicomTag tag, string defaultValue = "") =>
        TryGetString(tag, out string? value) ? value : defaultValue;

    // ---- numbers ----

    /// <summary>All values of a numeric element as doubles: DS/IS text, or binary US/SS/UL/SL/FL/FD/SV/UV.</summary>
    public bool TryGetDoubles(DicomTag tag, [NotNullWhen(true)] out double[]? values)
    {
        values = null;
        if (Find(tag) is not { } element || element.Items is not null || element.Fragments is not null)
        {
            return false;
        }

        values = DecodeNumbers(element);
        return values is not null;
    }

    public double[] GetDoubles(DicomTag tag, int expectedCount)
    {
        if (!TryGetDoubles(tag, out double[]? values))
        {
            throw Missing(tag, $"{expectedCount} numeric value(s)", Find(tag) is null ? 0 : -1);
        }

        if (values.Length < expectedCount)
        {
            throw Missing(tag, $"{expectedCount} numeric value(s)", values.Length);
        }

        return values;
    }

    public bool TryGetDouble(DicomTag tag, out double value)
    {
        value = 0;
        if (TryGetDoubles(tag, out double[]? values) && values.Length > 0)
        {
            value = values[0];
            return true;
        }

        return false;
    }

    public double GetDouble(DicomTag tag) =>
        TryGetDouble(tag, out double value) ? value : throw Missing(tag, "a numeric value", CountOf(tag));

    public double GetDoubleOrDefault(DicomTag tag, double defaultValue) =>
        TryGetDouble(tag, out double value) ? value : defaultValue;

    public bool TryGetInt32(DicomTag tag, out int value)
    {
        value = 0;
        if (TryGetDouble(tag, out double d) && d >= int.MinValue && d <= int.MaxValue && d == Math.Floor(d))
        {
            value = (int)d;
            return true;
        }

        return false;
    }

    public int GetInt32(DicomTag tag) =>
        TryGetInt32(tag, out int value) ? value : throw Missing(tag, "an integer value", CountOf(tag));

    public int GetInt32OrDefault(DicomTag tag, int defaultValue) =>
        TryGetInt32(tag, out int value) ? value : defaultValue;

    // ---- sequences ----

    public bool TryGetSequence(DicomTag tag, [NotNullWhen(true)] out List<DicomDataset>? items)
    {
        items = Find(tag)?.Items;
        return items is not null;
    }

    /// <summary>The first item of a sequence, or null.</summary>
    public DicomDataset? FirstItemOrDefault(DicomTag tag) =>
        TryGetSequence(tag, out List<DicomDataset>? items) && items.Count > 0 ? items[0] : null;

    private int CountOf(DicomTag tag) => Find(tag) is null ? 0 : (TryGetDoubles(tag, out double[]? v) ? v.Length : -1);

    private InvalidVolumeContentException Missing(DicomTag tag, string expected, int found)
    {
        string what = found switch
        {
            0 when Find(tag) is null => $"expected {expected} but the element is absent",
            -1 => $"expected {expected} but the value cannot be read as one",
            _ => $"expected {expected} but found {found} value(s)",
        };
        return DicomThrowHelper.Invalid(FilePath, what, Find(tag)?.Offset, tag);
    }

    internal static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.Length;
        while (end > 0 && (bytes[end - 1] == (byte)' ' || bytes[end - 1] == 0))
        {
            end--;
        }

        int start = 0;
        while (start < end && bytes[start] == (byte)' ')
        {
            start++;
        }

        return Encoding.Latin1.GetString(bytes[start..end]);
    }

    private double[]? DecodeNumbers(DicomElement element)
    {
        ReadOnlySpan<byte> span = element.Value.Span;
        bool le = element.IsLittleEndian;
        DicomVR vr = element.VR;
        switch (vr)
        {
            case DicomVR.DS or DicomVR.IS or DicomVR.UN when vr != DicomVR.UN || LooksLikeText(span):
            {
                string text = DecodeText(span);
                if (text.Length == 0)
                {
                    return [];
                }

                string[] parts = text.Split('\\');
                var result = new double[parts.Length];
                for (int i = 0; i < parts.Length; i++)
                {
                    if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                    {
                        return null;
                    }
                }

                return result;
            }

            case DicomVR.US or DicomVR.OW:
                return Binary(span, 2, s => le ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s));
            case DicomVR.SS:
                return Binary(span, 2, s => le ? BinaryPrimitives.ReadInt16LittleEndian(s) : BinaryPrimitives.ReadInt16BigEndian(s));
            case DicomVR.UL or DicomVR.OL:
                return Binary(span, 4, s => le ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s));
            case DicomVR.SL:
                return Binary(span, 4, s => le ? BinaryPrimitives.ReadInt32LittleEndian(s) : BinaryPrimitives.ReadInt32BigEndian(s));
            case DicomVR.FL or DicomVR.OF:
                return Binary(span, 4, s => le ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadSingleBigEndian(s));
            case DicomVR.FD or DicomVR.OD:
                return Binary(span, 8, s => le ? BinaryPrimitives.ReadDoubleLittleEndian(s) : BinaryPrimitives.ReadDoubleBigEndian(s));
            case DicomVR.SV:
                return Binary(span, 8, s => le ? BinaryPrimitives.ReadInt64LittleEndian(s) : BinaryPrimitives.ReadInt64BigEndian(s));
            case DicomVR.UV or DicomVR.OV:
                return Binary(span, 8, s => le ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt64BigEndian(s));
            default:
                return null;
        }
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> span)
    {
        foreach (byte b in span)
        {
            if (!(b is >= (byte)'0' and <= (byte)'9' || b is (byte)'.' or (byte)'-' or (byte)'+' or (byte)'e' or (byte)'E' or (byte)' ' or (byte)'\\' or 0))
            {
                return false;
            }
        }

        return true;
    }

    private delegate double Reader(ReadOnlySpan<byte> bytes);

    private static double[] Binary(ReadOnlySpan<byte> span, int size, Reader read)
    {
        var result = new double[span.Length / size];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = read(span.Slice(i * size, size));
        }

        return result;
    }
}
