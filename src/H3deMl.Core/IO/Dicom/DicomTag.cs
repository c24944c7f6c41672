using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>A DICOM attribute tag (group, element), ordered as the standard orders data elements.</summary>
internal readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>The tag as one 32-bit number, group in the high half.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    public static DicomTag FromValue(uint value) => new((ushort)(value >> 16), (ushort)value);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>PS3.6 keyword when the tag is in our dictionary subset, else null.</summary>
    public string? Keyword => DicomDictionary.KeywordOf(this);

    /// <summary>"(0028,0030) PixelSpacing" or "(0009,1001)".</summary>
    public override string ToString()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");
        return Keyword is { } keyword ? text + " " + keyword : text;
    }
}
