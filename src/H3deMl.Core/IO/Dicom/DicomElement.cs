namespace H3deMl.Core.IO.Dicom;

/// <summary>One parsed data element. The value is a slice of the file buffer (not copied); a sequence holds its items,
/// and encapsulated pixel data its fragments (the first fragment is the Basic Offset Table).</summary>
internal sealed class DicomElement
{
    public DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value, long offset, bool isLittleEndian)
    {
        Tag = tag;
        VR = vr;
        Value = value;
        Offset = offset;
        IsLittleEndian = isLittleEndian;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }

    /// <summary>The raw value bytes (empty for sequences and encapsulated pixel data).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Byte offset of the element's tag in the (decompressed) stream.</summary>
    public long Offset { get; }

    /// <summary>Byte order of binary values.</summary>
    public bool IsLittleEndian { get; }

    /// <summary>Items of a sequence (VR SQ, or UN of undefined length), else null.</summary>
    public List<DicomDataset>? Items { get; init; }

    /// <summary>Fragments of encapsulated pixel data, Basic Offset Table first, else null.</summary>
    public List<ReadOnlyMemory<byte>>? Fragments { get; init; }

    /// <summary>Byte offsets of <see cref="Fragments"/>' values in the stream, for error messages.</summary>
    public List<long>? FragmentOffsets { get; init; }

    /// <summary>The value length declared in the file (the whole length when the header-only parse did not keep the value).</summary>
    public long DeclaredLength { get; init; }
}
