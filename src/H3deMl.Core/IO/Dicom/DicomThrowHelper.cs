using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>Creates and throws the DICOM reader's exceptions, one message shape per failure
/// ("where: what is wrong (expected vs found); what to do", STYLE.md §2.5).</summary>
internal static class DicomThrowHelper
{
    /// <summary>Key of <see cref="Exception.Data"/> that holds the transfer syntax UID on an unsupported-syntax error.</summary>
    public const string TransferSyntaxUidDataKey = "TransferSyntaxUid";

    /// <summary>Key of <see cref="Exception.Data"/> that holds the transfer syntax name on an unsupported-syntax error.</summary>
    public const string TransferSyntaxNameDataKey = "TransferSyntaxName";

    public static InvalidVolumeContentException Invalid(string filePath, string what, long? offset = null, DicomTag? tag = null, Exception? inner = null)
    {
        string where = Where(filePath, offset, tag);
        return new InvalidVolumeContentException(filePath, where + ": " + what, offset, tag?.Keyword, tag is { } t ? TagText(t) : null, inner);
    }

    [DoesNotReturn]
    public static void ThrowInvalid(string filePath, string what, long? offset = null, DicomTag? tag = null) =>
        throw Invalid(filePath, what, offset, tag);

    [DoesNotReturn]
    public static void ThrowTruncated(string filePath, long offset, DicomTag? tag, long needed, long available) =>
        throw Invalid(
            filePath,
            string.Create(CultureInfo.InvariantCulture, $"the element needs {needed:N0} bytes but only {available:N0} remain; the file is truncated or the length is corrupt"),
            offset,
            tag);

    public static UnsupportedVolumeContentException Unsupported(string filePath, string what, DicomTag? tag = null)
    {
        string where = Where(filePath, null, tag);
        return new UnsupportedVolumeContentException(filePath, where + ": " + what, null, tag?.Keyword, tag is { } t ? TagText(t) : null);
    }

    /// <summary>The error for pixel data in a transfer syntax we cannot decode: names the UID and its name and says how
    /// to convert the files. The UID and name are also in <see cref="Exception.Data"/> under
    /// <see cref="TransferSyntaxUidDataKey"/> and <see cref="TransferSyntaxNameDataKey"/>.</summary>
    public static UnsupportedVolumeContentException UnsupportedTransferSyntax(string filePath, DicomTransferSyntax syntax)
    {
        string name = syntax.Name;
        string tool = syntax.Family switch
        {
            DicomCodecFamily.JpegLs => "`gdcmconv --raw IN.dcm OUT.dcm` (GDCM) or `dcmdjpls IN.dcm OUT.dcm` (DCMTK)",
            DicomCodecFamily.JpegLossy => "`gdcmconv --raw IN.dcm OUT.dcm` (GDCM) or `dcmdjpeg IN.dcm OUT.dcm` (DCMTK)",
            _ => "`gdcmconv --raw IN.dcm OUT.dcm` (GDCM)",
        };
        string message =
            $"{filePath}: the pixel data uses transfer syntax {syntax.Uid} ({name}), which H3deMl does not decode " +
            $"(managed decoders exist for uncompressed, deflated, RLE Lossless and JPEG Lossless process 14 only). " +
            $"Convert the files to an uncompressed transfer syntax first, e.g. {tool}; for a whole folder: " +
            "`for f in *.dcm; do gdcmconv --raw \"$f\" \"raw/$f\"; done`.";
        var exception = new UnsupportedVolumeContentException(filePath, message, null, "TransferSyntaxUID", TagText(DicomTags.TransferSyntaxUID));
        exception.Data[TransferSyntaxUidDataKey] = syntax.Uid;
        exception.Data[TransferSyntaxNameDataKey] = name;
        return exception;
    }

    public static string TagText(DicomTag tag) => string.Create(CultureInfo.InvariantCulture, $"({tag.Group:X4},{tag.Element:X4})");

    private static string Where(string filePath, long? offset, DicomTag? tag)
    {
        string where = filePath;
        if (tag is { } t)
        {
            where += " " + t;
        }

        if (offset is { } o)
        {
            where += string.Create(CultureInfo.InvariantCulture, $" at byte {o:N0}");
        }

        return where;
    }
}
