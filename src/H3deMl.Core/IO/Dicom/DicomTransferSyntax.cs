namespace H3deMl.Core.IO.Dicom;

/// <summary>How a transfer syntax encodes pixel data, which decides the codec.</summary>
internal enum DicomCodecFamily
{
    /// <summary>Uncompressed, native (not encapsulated) pixel data.</summary>
    Native,

    /// <summary>RLE Lossless (PS3.5 Annex G).</summary>
    Rle,

    /// <summary>JPEG Lossless, non-hierarchical, process 14 (ITU T.81 Annex H, SOF3).</summary>
    JpegLossless,

    /// <summary>The lossy and hierarchical JPEG processes (baseline, extended, progressive, …).</summary>
    JpegLossy,

    /// <summary>JPEG-LS, lossless and near-lossless.</summary>
    JpegLs,

    /// <summary>JPEG 2000 (Part 1, Part 2, High-Throughput).</summary>
    Jpeg2000,

    /// <summary>Anything else: video, JPEG XL, JPIP, private syntaxes.</summary>
    Other,
}

/// <summary>A transfer syntax: how the dataset is encoded (byte order, explicit or implicit VR, deflate) and how its pixel
/// data is (native or encapsulated with a codec). Names come from PS3.6 Table A-1 (generated).</summary>
internal sealed class DicomTransferSyntax
{
    public const string ImplicitVRLittleEndianUid = "1.2.840.10008.1.2";
    public const string ExplicitVRLittleEndianUid = "1.2.840.10008.1.2.1";
    public const string EncapsulatedUncompressedUid = "1.2.840.10008.1.2.1.98";
    public const string DeflatedExplicitVRLittleEndianUid = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVRBigEndianUid = "1.2.840.10008.1.2.2";
    public const string RleLosslessUid = "1.2.840.10008.1.2.5";
    public const string JpegLosslessProcess14Uid = "1.2.840.10008.1.2.4.57";
    public const string JpegLosslessSV1Uid = "1.2.840.10008.1.2.4.70";

    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new(ImplicitVRLittleEndianUid, true, false, false, DicomCodecFamily.Native);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new(ExplicitVRLittleEndianUid, true, true, false, DicomCodecFamily.Native);

    private DicomTransferSyntax(string uid, bool isLittleEndian, bool isExplicitVR, bool isDeflated, DicomCodecFamily family)
    {
        Uid = uid;
        Name = DicomDictionary.TransferSyntaxName(uid) ?? "unknown or private transfer syntax";
        IsLittleEndian = isLittleEndian;
        IsExplicitVR = isExplicitVR;
        IsDeflated = isDeflated;
        Family = family;
    }

    public string Uid { get; }

    public string Name { get; }

    public bool IsLittleEndian { get; }

    public bool IsExplicitVR { get; }

    /// <summary>The dataset after the file meta group is a raw deflate stream (RFC 1951).</summary>
    public bool IsDeflated { get; }

    public DicomCodecFamily Family { get; }

    /// <summary>Pixel data is a sequence of fragments (PS3.5 §A.4) rather than one native value.</summary>
    public bool IsEncapsulated => Family != DicomCodecFamily.Native || Uid == EncapsulatedUncompressedUid;

    /// <summary>True when the reader can decode this syntax's pixel data in managed code.</summary>
    public bool CanDecode => Family is DicomCodecFamily.Native or DicomCodecFamily.Rle or DicomCodecFamily.JpegLossless;

    /// <summary>The syntax for a UID. Unknown (private) UIDs are taken to be explicit VR little endian encapsulated, as
    /// PS3.5 §10 requires of every syntax other than the three native ones; they cannot be decoded.</summary>
    public static DicomTransferSyntax FromUid(string uid) => uid switch
    {
        ImplicitVRLittleEndianUid => ImplicitVRLittleEndian,
        ExplicitVRLittleEndianUid => ExplicitVRLittleEndian,
        EncapsulatedUncompressedUid => new(uid, true, true, false, DicomCodecFamily.Native),
        DeflatedExplicitVRLittleEndianUid => new(uid, true, true, true, DicomCodecFamily.Native),
        ExplicitVRBigEndianUid => new(uid, false, true, false, DicomCodecFamily.Native),
        RleLosslessUid => new(uid, true, true, false, DicomCodecFamily.Rle),
        JpegLosslessProcess14Uid or JpegLosslessSV1Uid => new(uid, true, true, false, DicomCodecFamily.JpegLossless),
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => new(uid, true, true, false, DicomCodecFamily.JpegLs),
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" or "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93"
            or "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203"
            => new(uid, true, true, false, DicomCodecFamily.Jpeg2000),
        _ when IsLossyJpeg(uid) => new(uid, true, true, false, DicomCodecFamily.JpegLossy),
        _ => new(uid, true, true, false, DicomCodecFamily.Other),
    };

    public override string ToString() => $"{Uid} ({Name})";

    // 1.2.840.10008.1.2.4.50 to .66 except .57 (process 14, handled above): baseline, extended, progressive,
    // hierarchical and process 15 lossless (which uses arithmetic coding).
    private static bool IsLossyJpeg(string uid) =>
        uid.StartsWith("1.2.840.10008.1.2.4.", StringComparison.Ordinal)
        && int.TryParse(uid.AsSpan("1.2.840.10008.1.2.4.".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
        && n is >= 50 and <= 66;
}
