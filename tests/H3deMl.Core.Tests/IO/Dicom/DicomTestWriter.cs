using System.Buffers.Binary;
using System.Text;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Builds small explicit-VR little-endian DICOM byte streams for malformed-input tests (test code only).</summary>
internal sealed class DicomTestWriter
{
    private readonly MemoryStream _stream = new();

    public static DicomTestWriter Part10(string transferSyntax = "1.2.840.10008.1.2.1", bool preamble = true)
    {
        var w = new DicomTestWriter();
        if (preamble)
        {
            w._stream.Write(new byte[128]);
            w._stream.Write("DICM"u8);
        }

        byte[] ts = Encoding.ASCII.GetBytes(transferSyntax.Length % 2 == 1 ? transferSyntax + "\0" : transferSyntax);
        w.Element(0x0002, 0x0000, "UL", BitConverter.GetBytes(8 + ts.Length));
        w.Element(0x0002, 0x0010, "UI", ts);
        return w;
    }

    public DicomTestWriter Element(ushort group, ushort element, string vr, byte[] value, uint? lengthOverride = null)
    {
        Tag(group, element);
        _stream.Write(Encoding.ASCII.GetBytes(vr));
        bool longForm = vr is "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "SQ" or "UN" or "UT" or "UC" or "UR" or "SV" or "UV";
        uint length = lengthOverride ?? (uint)value.Length;
        if (longForm)
        {
            _stream.Write(new byte[2]);
            U32(length);
        }
        else
        {
            U16((ushort)length);
        }

        _stream.Write(value);
        return this;
    }

    public DicomTestWriter Text(ushort group, ushort element, string vr, string text)
    {
        if (text.Length % 2 == 1)
        {
            text += vr == "UI" ? "\0" : " ";
        }

        return Element(group, element, vr, Encoding.ASCII.GetBytes(text));
    }

    public DicomTestWriter US(ushort group, ushort element, ushort value)
    {
        byte[] b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        return Element(group, element, "US", b);
    }

    /// <summary>The image pixel module of a rows×columns 16-bit unsigned image.</summary>
    public DicomTestWriter ImageModule(ushort rows, ushort columns, ushort bitsAllocated = 16, ushort bitsStored = 16)
    {
        US(0x0028, 0x0002, 1);
        Text(0x0028, 0x0004, "CS", "MONOCHROME2");
        US(0x0028, 0x0010, rows);
        US(0x0028, 0x0011, columns);
        US(0x0028, 0x0100, bitsAllocated);
        US(0x0028, 0x0101, bitsStored);
        US(0x0028, 0x0102, (ushort)(bitsStored - 1));
        return US(0x0028, 0x0103, 0);
    }

    public DicomTestWriter Tag(ushort group, ushort element)
    {
        U16(group);
        U16(element);
        return this;
    }

    public DicomTestWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        return this;
    }

    public DicomTestWriter U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _stream.Write(b);
        return this;
    }

    public DicomTestWriter U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _stream.Write(b);
        return this;
    }

    public byte[] ToArray() => _stream.ToArray();
}
